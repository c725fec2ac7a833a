import { ConfigReader } from '@backstage/config';
import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { metricProvidersFromConfig } from './metricProviders';

const environment = (name: string, prometheusUrl?: string) =>
  ({
    name,
    cluster: name,
    ...(prometheusUrl && { prometheus: { url: prometheusUrl } }),
  } as SlipwayEnvironment);
const metric = (provider?: object) =>
  ({
    name: 'errors',
    query: 'q',
    thresholdRange: { max: 1 },
    ...(provider && { provider }),
  } as any);

describe('metricProvidersFromConfig', () => {
  it("reads an environment's metrics from its own Prometheus, the others' from the default", () => {
    const providerOf = metricProvidersFromConfig(
      new ConfigReader({
        prometheus: { url: 'http://prometheus.shared:9090' },
      }),
      [
        environment('production', 'http://prometheus.prod:9090'),
        environment('staging'),
      ],
    );
    expect(providerOf(metric(), 'production').description).toBe(
      'Prometheus at http://prometheus.prod:9090',
    );
    expect(providerOf(metric(), 'staging').description).toBe(
      'Prometheus at http://prometheus.shared:9090',
    );
  });

  it('fails every check of an environment without a Prometheus, saying what to set', async () => {
    const providerOf = metricProvidersFromConfig(undefined, [
      environment('staging'),
    ]);
    await expect(providerOf(metric(), 'staging').query('up')).rejects.toThrow(
      "no Prometheus is configured: set slipway.canary.prometheus.url, or the environment's prometheus.url, in app-config",
    );
  });

  it("reads CloudWatch metrics in the metric's region, else the configured one", async () => {
    const providerOf = metricProvidersFromConfig(
      new ConfigReader({ cloudwatch: { region: 'eu-west-1' } }),
    );
    expect(
      providerOf(metric({ type: 'cloudwatch', region: 'us-east-2' }))
        .description,
    ).toBe('CloudWatch in us-east-2');
    expect(providerOf(metric({ type: 'cloudwatch' })).description).toBe(
      'CloudWatch in eu-west-1',
    );
    await expect(
      metricProvidersFromConfig(undefined)(
        metric({ type: 'cloudwatch' }),
      ).query('[]'),
    ).rejects.toThrow(
      "no CloudWatch region is configured: set the metric's provider.region or slipway.canary.cloudwatch.region in app-config",
    );
  });
});
