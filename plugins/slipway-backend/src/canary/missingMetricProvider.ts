import type { MetricProvider } from '@slipway/engine';

/** Stands in when no metrics backend is configured: every check fails, saying what to set. */
export const missingMetricProvider: MetricProvider = {
  description: 'no metric provider',
  query: async () => {
    throw new Error(
      'no metric provider is configured: set slipway.canary.prometheus.url in app-config',
    );
  },
};
