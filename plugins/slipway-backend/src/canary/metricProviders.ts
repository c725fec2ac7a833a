import type { Config } from '@backstage/config';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CanaryMetric } from '@slipway/backstage-plugin-slipway-common';
import {
  CloudWatchProvider,
  MetricProvider,
  PrometheusProvider,
} from '@slipway/engine';

/** Every check fails, saying what to configure. */
const unconfigured = (description: string, fix: string): MetricProvider => ({
  description,
  query: async () => {
    throw new Error(`${description} is configured: ${fix}`);
  },
});

/**
 * The metric provider of each Canary metric, from app-config
 * `slipway.canary`: Prometheus at `prometheus.url`, and CloudWatch in the
 * metric's own region or `cloudwatch.region`, with the AWS SDK's default
 * credentials (on EKS, the pod's IAM role).
 */
export function metricProvidersFromConfig(
  canaryConfig: Config | undefined,
): (metric: CanaryMetric) => MetricProvider {
  const prometheusUrl = canaryConfig?.getOptionalString('prometheus.url');
  const prometheus = prometheusUrl
    ? new PrometheusProvider(prometheusUrl)
    : unconfigured(
        'no Prometheus',
        'set slipway.canary.prometheus.url in app-config',
      );
  const defaultRegion = canaryConfig?.getOptionalString('cloudwatch.region');
  const cloudWatch = new Map<string, CloudWatchProvider>();
  const cloudWatchIn = (region: string) => {
    if (!cloudWatch.has(region)) {
      cloudWatch.set(
        region,
        new CloudWatchProvider(new CloudWatchClient({ region }), region),
      );
    }
    return cloudWatch.get(region)!;
  };
  return metric => {
    if (metric.provider?.type !== 'cloudwatch') {
      return prometheus;
    }
    const region = metric.provider.region ?? defaultRegion;
    return region
      ? cloudWatchIn(region)
      : unconfigured(
          'no CloudWatch region',
          "set the metric's provider.region or slipway.canary.cloudwatch.region in app-config",
        );
  };
}
