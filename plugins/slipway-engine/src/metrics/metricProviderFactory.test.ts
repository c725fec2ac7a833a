import type { CanaryMetric } from '@slipway/model';
import { metricProviderLookup } from './metricProviderFactory';

const metric = (type?: string) =>
  ({
    name: 'errors',
    query: 'q',
    thresholdRange: { max: 1 },
    ...(type && { provider: { type } }),
  } as CanaryMetric);
const providerOf = (type: string) => ({
  type,
  forMetric: (_m: CanaryMetric, environment?: string) => ({
    description: `${type} of ${environment}`,
    query: async () => 1,
  }),
});

describe('metricProviderLookup', () => {
  it('finds the provider of the metric’s type, Prometheus when unset, per environment', () => {
    const lookup = metricProviderLookup([
      providerOf('prometheus'),
      providerOf('datadog'),
    ]);
    expect(lookup(metric(), 'staging').description).toBe(
      'prometheus of staging',
    );
    expect(lookup(metric('datadog'), 'production').description).toBe(
      'datadog of production',
    );
  });

  it('fails the checks of a type nobody installed, naming those installed', async () => {
    const lookup = metricProviderLookup([providerOf('prometheus')]);
    await expect(lookup(metric('newrelic')).query('q')).rejects.toThrow(
      'no metric provider of type newrelic is installed (installed: prometheus)',
    );
  });

  it('refuses a type added twice', () => {
    expect(() =>
      metricProviderLookup([providerOf('datadog'), providerOf('datadog')]),
    ).toThrow('a metric provider of type datadog is already added');
  });
});
