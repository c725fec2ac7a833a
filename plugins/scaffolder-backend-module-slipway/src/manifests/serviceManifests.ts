import path from 'node:path';
import { parseImageReference, servicePath } from '@slipway/engine';
import { SLIPWAY_LABELS } from '@slipway/backstage-plugin-slipway-common';
import { stringify } from 'yaml';

export type CanaryRouter = 'gatewayapi' | 'kubernetes' | 'appmesh';

export type NewServiceOptions = {
  name: string;
  image: string;
  port: number;
  /** Per environment, in promotion order, with the namespace the service gets there. */
  environments: Array<{ name: string; path: string; namespace: string }>;
  /** Where the base every overlay builds on goes, from the repository root. */
  basePath: string;
  canary?: {
    router: CanaryRouter;
    stepWeights: number[];
    /** Gateways of the HTTPRoute (gatewayapi). */
    gateway?: string;
    meshName?: string;
    /** Built-in request-success-rate with this minimum; none: the steps alone decide. */
    minSuccessRate?: number;
  };
  autoscaling?: { minReplicas: number; maxReplicas: number; cpu: number };
};

const toYaml = (...docs: object[]) =>
  docs.map(d => stringify(d, { lineWidth: 0 })).join('---\n');

/**
 * The config-repository files of a new service: a kustomize base (a
 * Deployment without replicas, so it never fights the canary engine or the
 * autoscaler, a Service, a Canary and an optional HorizontalPodAutoscaler)
 * and one overlay per environment setting its namespace, labels and image.
 */
export function serviceManifests(
  options: NewServiceOptions,
): Record<string, string> {
  const { name, port, canary, autoscaling } = options;
  const image = parseImageReference(options.image);
  const selector = { 'app.kubernetes.io/name': name };
  const labels = { ...selector, 'backstage.io/kubernetes-id': name };
  const files: Record<string, string> = {};
  const base = (file: string, text: string) => {
    files[path.posix.join(options.basePath, file)] = text;
  };

  base(
    'deployment.yaml',
    toYaml({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name,
                image: image.name,
                ports: [{ name: 'http', containerPort: port }],
                resources: { requests: { cpu: '100m', memory: '128Mi' } },
              },
            ],
          },
        },
      },
    }),
  );
  base(
    'service.yaml',
    toYaml({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: {
        selector,
        ports: [{ name: 'http', port: 80, targetPort: port }],
      },
    }),
  );
  const resources = ['deployment.yaml', 'service.yaml'];
  if (canary) {
    base('canary.yaml', toYaml(canaryResource(options, canary)));
    resources.push('canary.yaml');
  }
  if (autoscaling) {
    base(
      'hpa.yaml',
      toYaml({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, labels },
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
      }),
    );
    resources.push('hpa.yaml');
  }
  base(
    'kustomization.yaml',
    toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
      labels: [{ pairs: { [SLIPWAY_LABELS.service]: name } }],
    }),
  );

  for (const env of options.environments) {
    files[path.posix.join(env.path, 'kustomization.yaml')] = toYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: env.namespace,
      resources: [path.posix.relative(env.path, options.basePath)],
      labels: [{ pairs: { [SLIPWAY_LABELS.environment]: env.name } }],
      images: [
        {
          name: image.name,
          ...(image.tag && { newTag: image.tag }),
          ...(image.digest && { digest: image.digest }),
        },
      ],
    });
  }
  return files;
}

function canaryResource(
  options: NewServiceOptions,
  canary: NonNullable<NewServiceOptions['canary']>,
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
    metadata: { name: options.name },
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
      },
    },
  };
}

/** The overlay directory of each environment, from its path template. */
export function overlayPath(
  template: string,
  environment: string,
  service: string,
) {
  return servicePath(template, { environment, service });
}
