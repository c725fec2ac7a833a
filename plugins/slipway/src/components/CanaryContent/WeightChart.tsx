import { Text } from '@backstage/ui';
import { Line } from 'recharts';
import type { WeightPoint } from './canaryCharts';
import { TimeChart } from './TimeChart';

/** The canary's share of traffic over the current run. */
export function WeightChart({ points }: { points: WeightPoint[] }) {
  if (points.length === 0) {
    return (
      <Text as="p" color="secondary">
        No run under way: the weight chart fills as the next version goes
        through its steps.
      </Text>
    );
  }
  return (
    <TimeChart
      label="Canary weight over time"
      caption="Canary weight (%)"
      data={points}
      yDomain={[0, 100]}
    >
      <Line
        type="stepAfter"
        dataKey="weight"
        stroke="#1f77b4"
        strokeWidth={2}
        isAnimationActive={false}
        dot={false}
      />
    </TimeChart>
  );
}
