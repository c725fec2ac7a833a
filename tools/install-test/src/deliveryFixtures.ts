import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  applyManifests,
  engineRbacManifests,
  serviceAccountToken,
} from '@slipway/local-cluster';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The namespace the README's minimum app-config lets staging write. */
export const README_NAMESPACE = 'shop';
export const CONFIG_COMMIT_MESSAGE = 'example-website: first release';

/** What a platform engineer sets up outside Backstage, as docs/cluster-kit.md says. */
export async function installClusterKit(kc: KubeConfig) {
  await applyManifests(
    kc,
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${README_NAMESPACE}\n`,
    'slipway-install-test',
  );
  await applyManifests(
    kc,
    engineRbacManifests([
      {
        name: 'staging',
        namespaces: [README_NAMESPACE],
        clusterScopedKinds: [],
      },
    ]),
    'slipway-install-test',
  );
}

export async function removeNamespace(kc: KubeConfig) {
  await kc
    .makeApiClient(CoreV1Api)
    .deleteNamespace({ name: README_NAMESPACE })
    .catch(() => undefined);
}

/** The values the README's app-config takes from the environment. */
export async function clusterEnvironment(
  kc: KubeConfig,
  configRepository: string,
): Promise<Record<string, string>> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig names no current cluster');
  const caData =
    cluster.caData ??
    (cluster.caFile
      ? fs.readFileSync(cluster.caFile).toString('base64')
      : undefined);
  if (!caData) throw new Error(`cluster ${cluster.name} has no CA`);
  return {
    SLIPWAY_STAGING_URL: cluster.server,
    SLIPWAY_STAGING_CA_DATA: caData,
    SLIPWAY_STAGING_TOKEN: await serviceAccountToken(
      kc,
      { namespace: 'slipway-system', name: 'slipway-engine' },
      3600,
    ),
    SLIPWAY_CONFIG_REPOSITORY: `file://${configRepository}`,
  };
}

const SERVICE_MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: example-website
data:
  greeting: hello from the config repository
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-website
spec:
  replicas: 1
  selector:
    matchLabels: { app: example-website }
  template:
    metadata:
      labels: { app: example-website }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** A config repository with the example Component's staging manifests at the default path. */
export function makeConfigRepository(dir: string, service: string): string {
  const repo = path.join(dir, 'delivery-config');
  const serviceDir = path.join(repo, 'clusters', 'staging', service);
  fs.mkdirSync(serviceDir, { recursive: true });
  fs.writeFileSync(path.join(serviceDir, 'manifests.yaml'), SERVICE_MANIFESTS);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git(
    '-c',
    'user.name=Platform Team',
    '-c',
    'user.email=platform@example.com',
    'commit',
    '-q',
    '-m',
    CONFIG_COMMIT_MESSAGE,
  );
  return repo;
}
