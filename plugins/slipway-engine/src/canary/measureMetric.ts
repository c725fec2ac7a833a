import {
  BUILT_IN_METRICS,
  type CanaryMeasurement,
  type CanaryMetric,
} from '@slipway/model';
import { builtInQuery } from '../metrics/builtInQueries';
import { checkMetric } from '../metrics/checkMetric';
import type { CanaryTickContext } from './tickTypes';

/** One check of one metric: its own query, or the router's built-in one. */
export async function measureMetric(
  ctx: CanaryTickContext,
  metric: CanaryMetric,
  weight: number,
): Promise<CanaryMeasurement> {
  const { canary, now } = ctx;
  const query = metric.query ?? builtInQuery(canary.spec.provider, metric.name);
  if (!query) {
    return {
      metric: metric.name,
      passed: false,
      at: now.toISOString(),
      weight,
      ...metric.thresholdRange,
      error: `${metric.name} is not a built-in metric (${BUILT_IN_METRICS.join(
        ', ',
      )}); give it a query`,
    };
  }
  return checkMetric(
    ctx.metricsFor(metric),
    { name: metric.name, query, thresholdRange: metric.thresholdRange },
    {
      variables: {
        namespace: canary.metadata.namespace,
        target: canary.spec.targetRef.name,
        interval: metric.interval ?? '1m',
      },
      weight,
      now,
    },
  );
}
