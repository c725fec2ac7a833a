import type { CanaryMetric } from '@slipway/backstage-plugin-slipway-common';
import { Line, ReferenceLine } from 'recharts';
import type { MetricPoint } from './canaryCharts';
import { TimeChart } from './TimeChart';

const FAILED = '#d32f2f';
const PASSED = '#2e7d32';

function CheckDot(props: { cx?: number; cy?: number; payload?: MetricPoint }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload) return null;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={payload.passed ? 3 : 5}
      fill={payload.passed ? PASSED : FAILED}
      data-check={payload.passed ? 'passed' : 'failed'}
    />
  );
}

/** One metric's checks with its threshold range drawn; failed checks are the red dots. */
export function MetricChart(props: {
  name: string;
  points: MetricPoint[];
  threshold?: CanaryMetric['thresholdRange'];
}) {
  const { name, points, threshold } = props;
  const failed = points.filter(p => !p.passed).length;
  const bounds = (['min', 'max'] as const).filter(
    b => threshold?.[b] !== undefined,
  );
  return (
    <TimeChart
      label={`Metric ${name}`}
      caption={[
        name,
        ...bounds.map(b => `${b} ${threshold![b]}`),
        `${points.length} checks, ${failed} failed`,
      ].join(' · ')}
      data={points}
      yDomain={['auto', 'auto']}
    >
      {bounds.map(b => (
        <ReferenceLine
          key={b}
          y={threshold![b]}
          stroke={FAILED}
          strokeDasharray="6 3"
          label={b}
        />
      ))}
      <Line
        dataKey="value"
        stroke="#555"
        isAnimationActive={false}
        dot={<CheckDot />}
        connectNulls
      />
    </TimeChart>
  );
}
