import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { applyManifests } from '@slipway/local-cluster';
import {
  EMPTY_STATUS,
  GitRepositoryCache,
  reconcileTarget,
} from '@slipway/engine';
import fs from 'node:fs/promises';
import path from 'node:path';
import { servicePath } from './configRepo';
import { DEMO_ENVIRONMENTS, EXAMPLE_SERVICES } from './exampleServices';

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

/** Installs Slipway's CRDs and the engine's RBAC from deploy/. */
export async function installSlipway(kc: KubeConfig, repoRoot: string) {
  await applyDirectory(kc, path.join(repoRoot, 'deploy', 'crds'));
  await applyDirectory(kc, path.join(repoRoot, 'deploy', 'rbac'));
}

/**
 * Deploys the example services from the config repository with Slipway's
 * engine, once, so the demo starts with running workloads. Continuous
 * reconciliation arrives with the backend's scheduler.
 */
export async function deployExampleServices(
  kc: KubeConfig,
  configRepo: string,
  workDir: string,
  log: (message: string) => void,
) {
  const git = new GitRepositoryCache(path.join(workDir, 'git-cache'));
  await fs.mkdir(workDir, { recursive: true });
  for (const environment of DEMO_ENVIRONMENTS) {
    await applyManifests(
      kc,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${environment}\n`,
      FIELD_MANAGER,
    );
    for (const service of EXAMPLE_SERVICES) {
      const { status, error } = await reconcileTarget({
        kubeConfig: kc,
        git,
        target: {
          service: service.name,
          environment,
          source: { url: configRepo, branch: 'main' },
          path: servicePath(environment, service.name),
          defaultNamespace: environment,
          allowedNamespaces: [environment],
        },
        previous: EMPTY_STATUS,
      });
      if (error) {
        throw new Error(
          `could not deploy ${service.name} to ${environment}: ${error.message}`,
        );
      }
      log(
        `${environment}/${service.name}: ${
          status.inventory.length
        } objects at ${status.lastAppliedRevision?.slice(0, 12)}`,
      );
    }
  }
}

/** A token for the engine's least-privilege ServiceAccount, for Backstage. */
export async function engineToken(kc: KubeConfig): Promise<string> {
  const token = await kc
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      name: 'slipway-engine',
      namespace: 'slipway-system',
      body: { spec: { audiences: [], expirationSeconds: 30 * 24 * 3600 } },
    });
  return token.status!.token;
}
