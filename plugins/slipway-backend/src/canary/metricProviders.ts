import type { Config } from '@backstage/config';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { readPrometheusSettings } from '@slipway/backstage-plugin-slipway-node';
import {
  CloudWatchProvider,
  failingProvider,
  MetricProviderFactory,
  MetricProviderLookup,
  metricProviderLookup,
  PrometheusProvider,
} from '@slipway/engine';

/** Every check fails, saying what to configure. */
const unconfigured = (description: string, fix: string) =>
  failingProvider(description, `${description} is configured: ${fix}`);

/**
 * The metric provider of each Canary metric, from app-config: Prometheus
 * at the environment's `prometheus`, else `slipway.canary.prometheus` (each
 * with its `auth`: bearer, basic, or SigV4 for Amazon Managed Prometheus);
 * CloudWatch in the metric's own region or `slipway.canary.cloudwatch.region`,
 * with the AWS SDK's default credentials (on EKS, the pod's IAM role);
 * the types backend modules added, by their own configuration.
 */
export function metricProvidersFromConfig(
  canaryConfig: Config | undefined,
  environments: SlipwayEnvironment[] = [],
  added: MetricProviderFactory[] = [],
): MetricProviderLookup {
  const prometheus = readPrometheusSettings(canaryConfig, 'prometheus');
  const defaultPrometheus = prometheus
    ? new PrometheusProvider(prometheus.url, { auth: prometheus.auth })
    : unconfigured(
        'no Prometheus',
        "set slipway.canary.prometheus.url, or the environment's prometheus.url, in app-config",
      );
  const prometheusOf = new Map(
    environments
      .filter(e => e.prometheus)
      .map(e => [
        e.name,
        new PrometheusProvider(e.prometheus!.url, { auth: e.prometheus!.auth }),
      ]),
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
  const prometheusFactory: MetricProviderFactory = {
    type: 'prometheus',
    forMetric: (_metric, environment) =>
      (environment && prometheusOf.get(environment)) || defaultPrometheus,
  };
  const cloudWatchFactory: MetricProviderFactory = {
    type: 'cloudwatch',
    forMetric: metric => {
      const region = metric.provider?.region ?? defaultRegion;
      return region
        ? cloudWatchIn(region)
        : unconfigured(
            'no CloudWatch region',
            "set the metric's provider.region or slipway.canary.cloudwatch.region in app-config",
          );
    },
  };
  return metricProviderLookup([prometheusFactory, cloudWatchFactory, ...added]);
}
