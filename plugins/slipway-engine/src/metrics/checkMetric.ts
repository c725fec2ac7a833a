import type { CanaryMeasurement } from '@slipway/model';
import { MetricProvider, NoDataError } from './MetricProvider';
import { QueryVariables, renderQuery } from './queryTemplate';

export type MetricCheck = {
  name: string;
  query: string;
  thresholdRange: { min?: number; max?: number };
};

/**
 * Measures a metric and judges it against its threshold range. No data and
 * every error are failed checks: a canary must never be promoted on metrics
 * that could not be read.
 */
export async function checkMetric(
  provider: MetricProvider,
  metric: MetricCheck,
  context: { variables: QueryVariables; weight: number; now: Date },
): Promise<CanaryMeasurement> {
  const { min, max } = metric.thresholdRange;
  const base = {
    metric: metric.name,
    min,
    max,
    at: context.now.toISOString(),
    weight: context.weight,
  };
  try {
    const value = await provider.query(
      renderQuery(metric.query, context.variables),
    );
    const passed =
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
    return { ...base, value, passed };
  } catch (error) {
    const message =
      error instanceof NoDataError
        ? `${error.message} from ${provider.description}`
        : (error as Error).message;
    return { ...base, passed: false, error: message };
  }
}
