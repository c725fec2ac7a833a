import type { CanaryItem } from '@slipway/backstage-plugin-slipway-common';
import { MetricChart } from './MetricChart';
import { WeightChart } from './WeightChart';
import { metricSeries, weightSeries } from './canaryCharts';

/** The run's weight chart and one chart per metric, with its threshold range. */
export function CanaryCharts({ canary }: { canary: CanaryItem }) {
  const metrics = metricSeries(canary.measurements ?? []);
  const thresholds = new Map(
    (canary.spec?.analysis.metrics ?? []).map(m => [m.name, m.thresholdRange]),
  );
  return (
    <>
      <WeightChart points={weightSeries(canary)} />
      {[...metrics.entries()].map(([name, points]) => (
        <MetricChart
          key={name}
          name={name}
          points={points}
          threshold={thresholds.get(name)}
        />
      ))}
    </>
  );
}
