import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { namespacesFor } from '../writePolicy';

export const ENGINE_ACCOUNT = {
  namespace: 'slipway-system',
  name: 'slipway-engine',
};
const WRITE_ROLE = 'slipway-engine-write';
const CLUSTER_SCOPED_ROLE = 'slipway-engine-cluster-scoped';

const subjects = [{ kind: 'ServiceAccount', ...ENGINE_ACCOUNT }];

/** `Namespace` → namespaces in the core group; `scheduling.k8s.io/PriorityClass` → priorityclasses. */
function resourceOf(kindName: string): { group: string; resource: string } {
  const [group, kind] = kindName.includes('/')
    ? kindName.split('/')
    : ['', kindName];
  const lower = kind.toLowerCase();
  const resource = /(s|x|ch|sh)$/.test(lower)
    ? `${lower}es`
    : lower.replace(/y$/, 'ie').concat('s');
  return { group, resource };
}

/** What the rights depend on. */
export type RbacEnvironment = Pick<
  SlipwayEnvironment,
  'name' | 'namespaces' | 'clusterScopedKinds'
>;

export type EngineRbac = {
  /** Namespaces the engine may write, each with its RoleBinding. */
  namespaces: string[];
  /** Namespace patterns with `{service}` that no given service filled in. */
  unresolved: string[];
  /** The overlay's files, by name: kustomization.yaml and what it adds to the base. */
  files: Record<string, string>;
};

/**
 * The engine's rights for these environments, as a kustomize overlay of
 * deploy/rbac/base: a RoleBinding of slipway-engine-write in every
 * namespace a service may write (patterns with `{service}` filled in for
 * the given services), and a ClusterRole for the cluster-scoped kinds an
 * environment allows, if any. Nothing else is cluster-wide.
 */
export function engineRbac(
  environments: RbacEnvironment[],
  options: { base: string; services?: string[] },
): EngineRbac {
  const namespaces = new Set<string>();
  const unresolved = new Set<string>();
  for (const environment of environments) {
    for (const pattern of environment.namespaces) {
      if (!pattern.includes('{service}')) {
        namespaces.add(pattern);
        continue;
      }
      if (!options.services?.length) {
        unresolved.add(pattern);
      }
      for (const service of options.services ?? []) {
        const env = { ...environment, namespaces: [pattern] };
        namespacesFor(env, service).forEach(n => namespaces.add(n));
      }
    }
  }
  const sorted = [...namespaces].sort();
  const bindings = sorted.map(namespace => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: WRITE_ROLE, namespace },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: WRITE_ROLE,
    },
    subjects,
  }));
  const clusterScoped = [
    ...new Set(environments.flatMap(e => e.clusterScopedKinds)),
  ].sort();
  const files: Record<string, string> = {};
  const resources = [options.base];
  if (bindings.length > 0) {
    files['write-bindings.yaml'] = bindings
      .map(b => stringify(b))
      .join('---\n');
    resources.push('write-bindings.yaml');
  }
  if (clusterScoped.length > 0) {
    const byGroup = new Map<string, string[]>();
    for (const kind of clusterScoped) {
      const { group, resource } = resourceOf(kind);
      byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
    }
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: CLUSTER_SCOPED_ROLE },
      rules: [...byGroup].map(([group, list]) => ({
        apiGroups: [group],
        resources: list,
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      })),
    };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: CLUSTER_SCOPED_ROLE },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: CLUSTER_SCOPED_ROLE,
      },
      subjects,
    };
    files[
      'cluster-scoped.yaml'
    ] = `# Only the cluster-scoped kinds an environment lists in clusterScopedKinds: ${clusterScoped.join(
      ', ',
    )}.\n${stringify(role)}---\n${stringify(binding)}`;
    resources.push('cluster-scoped.yaml');
  }
  files[
    'kustomization.yaml'
  ] = `# Made by yarn slipway-rbac from slipway.environments; make it again when they change.\n${stringify(
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
    },
  )}`;
  return { namespaces: sorted, unresolved: [...unresolved], files };
}

/** deploy/rbac/base, as this package finds it in the repository. */
export const RBAC_BASE_DIR = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-node',
  '../../deploy/rbac/base',
);

/**
 * The base and the overlay for these environments as one multi-document
 * YAML, in the order kustomize would emit them, for tests and the demo that
 * apply it without kustomize.
 */
export function engineRbacManifests(
  environments: RbacEnvironment[],
  services?: string[],
): string {
  const { files } = engineRbac(environments, { base: RBAC_BASE_DIR, services });
  const resourcesOf = (text: string): string[] => parse(text).resources;
  const base = resourcesOf(
    fs.readFileSync(path.join(RBAC_BASE_DIR, 'kustomization.yaml'), 'utf8'),
  ).map(file => fs.readFileSync(path.join(RBAC_BASE_DIR, file), 'utf8'));
  const overlay = resourcesOf(files['kustomization.yaml'])
    .filter(entry => entry !== RBAC_BASE_DIR)
    .map(entry => files[entry]);
  return [...base, ...overlay].join('\n---\n');
}
