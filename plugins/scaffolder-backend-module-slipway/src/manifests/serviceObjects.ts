import { NewServiceOptions } from './newServiceOptions';

/** How an object reads its namespace and image in a layout: kustomize sets them from outside, a chart from the release and its values. */
export type ObjectFields = {
  image: string;
  /** Unset: the namespace comes from outside (kustomize's `namespace:`). */
  namespace?: string;
  /** The Canary's analysis webhooks, where a layout lets environments add them. */
  webhooks?: string;
};

/**
 * A new service's Kubernetes objects, by file name: a Deployment without
 * replicas (so it never fights the canary engine or the autoscaler), a
 * Service, a Canary and an optional HorizontalPodAutoscaler.
 */
export function serviceObjects(
  options: NewServiceOptions,
  fields: ObjectFields,
): Record<string, object> {
  const { name, port, canary, autoscaling } = options;
  const selector = { 'app.kubernetes.io/name': name };
  const labels = { ...selector, 'backstage.io/kubernetes-id': name };
  const metadata = {
    name,
    ...(fields.namespace && { namespace: fields.namespace }),
    labels,
  };
  const objects: Record<string, object> = {
    'deployment.yaml': {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image: fields.image,
                ports: [{ name: 'http', containerPort: port }],
                resources: { requests: { cpu: '100m', memory: '128Mi' } },
              },
            ],
          },
        },
      },
    },
    'service.yaml': {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        selector,
        ports: [{ name: 'http', port: 80, targetPort: port }],
      },
    },
  };
  if (canary) {
    objects['canary.yaml'] = canaryResource(options, canary, fields);
  }
  if (autoscaling) {
    objects['hpa.yaml'] = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata,
      spec: {
        // With a canary the primary serves users: the engine scales the target to 0 between runs.
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: canary ? `${name}-primary` : name,
        },
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: {
                type: 'Utilization',
                averageUtilization: autoscaling.cpu,
              },
            },
          },
        ],
      },
    };
  }
  return objects;
}

function canaryResource(
  options: NewServiceOptions,
  canary: NonNullable<NewServiceOptions['canary']>,
  fields: ObjectFields,
) {
  const metrics =
    canary.minSuccessRate === undefined
      ? undefined
      : [
          {
            name: 'request-success-rate',
            interval: '1m',
            thresholdRange: { min: canary.minSuccessRate },
          },
        ];
  // The kubernetes router switches all traffic at once: blue/green for as many checks as steps.
  const steps =
    canary.router === 'kubernetes'
      ? { iterations: canary.stepWeights.length }
      : { stepWeights: canary.stepWeights };
  return {
    apiVersion: 'slipway.io/v1alpha1',
    kind: 'Canary',
    metadata: {
      name: options.name,
      ...(fields.namespace && { namespace: fields.namespace }),
    },
    spec: {
      provider: canary.router,
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: options.name,
      },
      service: {
        port: 80,
        targetPort: options.port,
        ...(canary.router === 'gatewayapi' && {
          gatewayRefs: [{ name: canary.gateway ?? 'gateway' }],
        }),
        ...(canary.router === 'appmesh' && {
          meshName: canary.meshName ?? 'mesh',
        }),
      },
      analysis: {
        interval: '10s',
        threshold: 2,
        ...steps,
        ...(metrics && { metrics }),
        ...(fields.webhooks && { webhooks: fields.webhooks }),
      },
    },
  };
}
