import { DEMO_CHART } from './demoChart';
import {
  AppsV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  applyManifests,
  engineRbacManifests,
  installGatewayApiCrds,
  serviceAccountToken,
} from '@slipway/local-cluster';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DEMO_CANARIES,
  DEMO_ENVIRONMENTS,
  EXAMPLE_SERVICES,
} from './exampleServices';

const FIELD_MANAGER = 'slipway-demo';

async function applyDirectory(kc: KubeConfig, dir: string) {
  const files = (await fs.readdir(dir)).filter(f => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    await applyManifests(
      kc,
      await fs.readFile(path.join(dir, file), 'utf8'),
      FIELD_MANAGER,
    );
  }
}

/**
 * Installs Slipway's cluster kit from deploy/ (CRD, engine identity and RBAC), the Gateway
 * API's CRDs (the demo's canaries shift HTTPRoute weights), and the
 * environments' namespaces.
 */
export async function installSlipway(kc: KubeConfig, repoRoot: string) {
  await installGatewayApiCrds(kc);
  await applyDirectory(kc, path.join(repoRoot, 'deploy', 'kubernetes-plugin'));
  for (const environment of DEMO_ENVIRONMENTS) {
    await applyManifests(
      kc,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${environment}\n`,
      FIELD_MANAGER,
    );
  }
  // The cluster kit (CRD, engine identity) and what yarn slipway-rbac binds for the demo's
  // environments: write rights in their namespaces only.
  await applyManifests(
    kc,
    engineRbacManifests(
      DEMO_ENVIRONMENTS.map(name => ({
        name,
        namespaces: [name],
        clusterScopedKinds: [],
      })),
    ),
    FIELD_MANAGER,
  );
}

/** A token of the kubernetes plugin's own read-only identity (deploy/kubernetes-plugin). */
export function kubernetesPluginToken(kc: KubeConfig): Promise<string> {
  return serviceAccountToken(
    kc,
    { namespace: 'backstage', name: 'kubernetes-plugin-reader' },
    30 * 24 * 3600,
  );
}

/** The phase of a demo Canary, undefined before the engine has taken it up. */
async function canaryPhase(
  objects: CustomObjectsApi,
  environment: string,
  service: string,
): Promise<string | undefined> {
  try {
    const canary = (await objects.getNamespacedCustomObject({
      group: 'slipway.io',
      version: 'v1alpha1',
      namespace: environment,
      plural: 'canaries',
      name: service,
    })) as { status?: { phase?: string } };
    return canary.status?.phase;
  } catch {
    return undefined;
  }
}

/**
 * Waits until Slipway's backend has deployed every example service to every
 * environment and its Deployment (or, for a canary, its primary) is
 * available, and the engine has initialised every Canary (a new version
 * pushed from then on starts a run), saying what is still missing.
 */
export async function waitForExampleServices(
  kc: KubeConfig,
  log: (message: string) => void,
  timeoutMs = 180_000,
) {
  const apps = kc.makeApiClient(AppsV1Api);
  const objects = kc.makeApiClient(CustomObjectsApi);
  const deadline = Date.now() + timeoutMs;
  let reported = '';
  for (;;) {
    const missing: string[] = [];
    for (const environment of DEMO_ENVIRONMENTS) {
      const { items } = await apps.listNamespacedDeployment({
        namespace: environment,
        labelSelector: `slipway.io/environment=${environment}`,
      });
      for (const name of [
        ...EXAMPLE_SERVICES.map(s => s.name),
        DEMO_CHART.service,
      ]) {
        // A canary's primary serves once the engine has taken the service up.
        const serving = items.some(
          d =>
            (d.metadata?.name === name ||
              d.metadata?.name === `${name}-primary`) &&
            d.status?.availableReplicas,
        );
        if (!serving) {
          missing.push(`${environment}/${name}`);
        }
      }
    }
    for (const { environment, service } of DEMO_CANARIES) {
      const phase = await canaryPhase(objects, environment, service);
      if (!phase || phase === 'Initializing') {
        missing.push(`the Canary of ${environment}/${service}`);
      }
    }
    if (missing.length === 0) {
      log(
        'every example service is deployed and available, its Canaries initialised',
      );
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Slipway did not deploy ${missing.join(', ')} within ${
          timeoutMs / 1000
        } s; see the Delivery tab or the backend log`,
      );
    }
    const now = `waiting for ${missing.join(', ')}`;
    if (now !== reported) {
      log(now);
      reported = now;
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** A token for the engine's least-privilege ServiceAccount, for Backstage. */
export function engineToken(kc: KubeConfig): Promise<string> {
  return serviceAccountToken(
    kc,
    { namespace: 'slipway-system', name: 'slipway-engine' },
    30 * 24 * 3600,
  );
}
