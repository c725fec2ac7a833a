import {
  engineRbac,
  type RbacEnvironment,
} from '@slipway/backstage-plugin-slipway-node';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The repository's deploy/ directory: the kustomize base and the Helm chart of the cluster kit. */
export const DEPLOY_DIR = path.resolve(
  path.dirname(require.resolve('@slipway/local-cluster/package.json')),
  '../../deploy',
);

/** The cluster kit's kustomize base: the CRDs and the engine's identity. */
export const CLUSTER_KIT_BASE_DIR = path.join(DEPLOY_DIR, 'kustomize/base');

/** The Helm chart of the cluster kit. */
export const CLUSTER_KIT_CHART_DIR = path.join(
  DEPLOY_DIR,
  'helm/slipway-cluster',
);

/** The documents a kustomization's resources hold, directories followed, without kustomize. */
function resourcesOf(dir: string): string[] {
  const kustomization = parse(
    fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8'),
  );
  return (kustomization.resources as string[]).flatMap(entry => {
    const target = path.resolve(dir, entry);
    return fs.statSync(target).isDirectory()
      ? resourcesOf(target)
      : [fs.readFileSync(target, 'utf8')];
  });
}

/**
 * The cluster kit's base and the engine's write bindings for these
 * environments as one multi-document YAML, for tests, the demo and the
 * bench that apply it without kustomize (so no groups, which need a patch).
 */
export function engineRbacManifests(
  environments: RbacEnvironment[],
  services?: string[],
): string {
  const { files } = engineRbac(environments, {
    base: CLUSTER_KIT_BASE_DIR,
    services,
  });
  const overlay = (parse(files['kustomization.yaml']).resources as string[])
    .filter(entry => entry !== CLUSTER_KIT_BASE_DIR)
    .map(entry => files[entry]);
  return [...resourcesOf(CLUSTER_KIT_BASE_DIR), ...overlay].join('\n---\n');
}
