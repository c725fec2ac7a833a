import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { CanaryPhase } from '@slipway/model';
import type { ObjectClient } from '../apply/ObjectClient';
import { CanaryRef, readCanary, runCanaryTick } from '../canary/runCanaryTick';
import type { CanaryTickContext } from '../canary/tickTypes';

/** What Git holds for the service `web`: its Deployment (no replicas) and config. */
export async function gitVersion(
  client: ObjectClient,
  namespace: string,
  image: string,
  logLevel = 'info',
) {
  await client.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-config', namespace },
      data: { LOG_LEVEL: logLevel },
    } as any,
    'slipway',
  );
  await client.apply(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image,
                envFrom: [{ configMapRef: { name: 'web-config' } }],
              },
            ],
          },
        },
      },
    } as any,
    'slipway',
  );
}

/**
 * Ticks the Canary once a second, as the backend would, until it reaches
 * the phase (or `until` says so); returns the phases passed and the status.
 */
export async function tickUntil(
  ref: CanaryRef,
  context: () => Omit<CanaryTickContext, 'canary'>,
  phase: CanaryPhase | ((status: any) => boolean),
  during?: () => unknown,
) {
  const phases: CanaryPhase[] = [];
  const reached =
    typeof phase === 'function' ? phase : (s: any) => s?.phase === phase;
  const deadline = Date.now() + 120_000;
  for (;;) {
    await during?.();
    const result = await runCanaryTick(ref, context());
    if (result?.transition) {
      phases.push(result.transition.to);
    }
    if (reached(result?.status)) {
      return { phases, status: result!.status };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `not there after 120 s (${String(phase)}); phases ${phases.join(
          ' → ',
        )}; last status ${JSON.stringify(result?.status)}`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/**
 * The Canary `web` in Git with this analysis: blue/green on the kubernetes
 * router unless the spec says otherwise.
 */
export async function webCanary(
  client: ObjectClient,
  namespace: string,
  analysis: object,
  spec: object = {
    provider: 'kubernetes',
    service: { port: 80, targetPort: 8080 },
  },
) {
  await client.apply(
    {
      apiVersion: 'slipway.io/v1alpha1',
      kind: 'Canary',
      metadata: { name: 'web', namespace },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        ...spec,
        analysis,
      },
    } as any,
    'slipway',
  );
}

/** What the test looks at: replicas and image of a Deployment, the apex Service's selector. */
export function workloadProbes(kc: KubeConfig, namespace: string) {
  const deployment = (name: string) =>
    kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name, namespace });
  return {
    replicas: async (name: string) => (await deployment(name)).spec?.replicas,
    image: async (name: string) =>
      (await deployment(name)).spec?.template?.spec?.containers[0].image,
    apexSelector: async () =>
      (
        await kc
          .makeApiClient(CoreV1Api)
          .readNamespacedService({ name: 'web', namespace })
      ).spec?.selector,
  };
}

/**
 * Runs the Canary to the phase and returns the weights its router reported
 * (`primary/canary`) before each tick, each change once.
 */
export async function weightsDuringRun(
  ref: CanaryRef,
  context: () => Omit<CanaryTickContext, 'canary'>,
  phase: CanaryPhase,
): Promise<string[]> {
  const seen: string[] = [];
  await tickUntil(ref, context, phase, async () => {
    const { client, router } = context();
    const canary = await readCanary(client, ref);
    const w = canary && (await router.getWeights(canary));
    if (w && seen[seen.length - 1] !== `${w.primary}/${w.canary}`) {
      seen.push(`${w.primary}/${w.canary}`);
    }
  });
  const { client, router } = context();
  const w = await router.getWeights((await readCanary(client, ref))!);
  if (seen[seen.length - 1] !== `${w.primary}/${w.canary}`) {
    seen.push(`${w.primary}/${w.canary}`);
  }
  return seen;
}
