import { KubernetesObject } from '@kubernetes/client-node';

export const canaryName = (i: number) => `svc-${String(i).padStart(3, '0')}`;

/** The success rate of a canary's requests over the last 30 s, as its metric asks Prometheus. */
export const SUCCESS_RATE =
  'sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}",code!~"5.."}[30s])) / sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}"}[30s])) * 100';

/**
 * What Git would hold for one benchmark service: a Deployment without
 * replicas, and its Canary, labelled as Slipway delivers them so the canary
 * engine takes them up.
 */
export function serviceObjects(options: {
  i: number;
  namespace: string;
  environment: string;
  image: string;
  interval: string;
  iterations: number;
}): KubernetesObject[] {
  const name = canaryName(options.i);
  const metadata = {
    name,
    namespace: options.namespace,
    labels: {
      'slipway.io/service': name,
      'slipway.io/environment': options.environment,
    },
  };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'web', image: options.image }] },
        },
      },
    } as KubernetesObject,
    {
      apiVersion: 'slipway.io/v1alpha1',
      kind: 'Canary',
      metadata,
      spec: {
        provider: 'kubernetes',
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        service: { port: 80, targetPort: 8080 },
        analysis: {
          interval: options.interval,
          threshold: 2,
          iterations: options.iterations,
          metrics: [
            {
              name: 'success-rate',
              query: SUCCESS_RATE,
              thresholdRange: { min: 99 },
            },
          ],
        },
      },
    } as KubernetesObject,
  ];
}
