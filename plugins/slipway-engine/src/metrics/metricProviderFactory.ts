import type { CanaryMetric } from '@slipway/model';
import type { MetricProvider } from './MetricProvider';

/**
 * Where a Canary's metric is read from, for one `provider.type`:
 * Prometheus and CloudWatch are built in, and a backend module adds
 * others (Datadog, …) through Slipway's canary extension point.
 *
 * @public
 */
export interface MetricProviderFactory {
  /** The `spec.analysis.metrics[].provider.type` it serves. */
  readonly type: string;
  /**
   * The provider that reads this metric of a Canary in the environment
   * (as named in `slipway.environments`); called at each check, so it may
   * hand out one provider per environment.
   */
  forMetric(metric: CanaryMetric, environment?: string): MetricProvider;
}

/**
 * How a tick finds a metric's provider: by the metric's
 * `provider.type`, Prometheus when unset.
 *
 * @public
 */
export type MetricProviderLookup = (
  metric: CanaryMetric,
  environment?: string,
) => MetricProvider;

/**
 * A provider whose every query fails with the message, so each check it
 * would make fails saying what to do.
 *
 * @public
 */
export const failingProvider = (
  description: string,
  message: string,
): MetricProvider => ({
  description,
  query: async () => {
    throw new Error(message);
  },
});

/**
 * One lookup over the factories; a type added twice is refused at start,
 * and a metric of a type nobody serves fails its checks naming the
 * installed types.
 *
 * @public
 */
export function metricProviderLookup(
  factories: Iterable<MetricProviderFactory>,
): MetricProviderLookup {
  const byType = new Map<string, MetricProviderFactory>();
  for (const factory of factories) {
    if (byType.has(factory.type)) {
      throw new Error(
        `a metric provider of type ${factory.type} is already added`,
      );
    }
    byType.set(factory.type, factory);
  }
  return (metric, environment) => {
    const type = metric.provider?.type ?? 'prometheus';
    const factory = byType.get(type);
    if (!factory) {
      return failingProvider(
        `no ${type} provider`,
        `no metric provider of type ${type} is installed (installed: ${[
          ...byType.keys(),
        ].join(', ')})`,
      );
    }
    return factory.forMetric(metric, environment);
  };
}
