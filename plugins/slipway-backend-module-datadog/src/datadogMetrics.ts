import type { Config } from '@backstage/config';
import {
  durationMs,
  failingProvider,
  MetricProviderFactory,
} from '@slipway/engine';
import { DatadogProvider } from './datadogProvider';

/** Flagger's window: ten intervals of the metric, so sparse series still have a point. */
const LOOKBACK_INTERVALS = 10;
const DEFAULT_METRIC_INTERVAL = '1m';

/**
 * Canary metrics with `provider: { type: datadog }`, read with the keys
 * of `slipway.canary.datadog` in app-config; without them every such check
 * fails, saying what to set.
 *
 * @public
 */
export function datadogMetrics(config: Config): MetricProviderFactory {
  const datadog = config.getOptionalConfig('slipway.canary.datadog');
  const apiKey = datadog?.getOptionalString('apiKey');
  const applicationKey = datadog?.getOptionalString('applicationKey');
  const site = datadog?.getOptionalString('site');
  return {
    type: 'datadog',
    forMetric: metric => {
      if (!apiKey || !applicationKey) {
        return failingProvider(
          'no Datadog',
          'no Datadog is configured: set slipway.canary.datadog.apiKey and applicationKey in app-config',
        );
      }
      const interval = durationMs(metric.interval ?? DEFAULT_METRIC_INTERVAL);
      return new DatadogProvider({
        site,
        apiKey,
        applicationKey,
        lookbackMs: LOOKBACK_INTERVALS * interval,
      });
    },
  };
}
