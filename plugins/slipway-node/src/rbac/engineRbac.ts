import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { stringify } from 'yaml';
import { namespacesFor } from '../writePolicy';

/**
 * The engine's ServiceAccount, as the cluster kit creates it.
 *
 * @public
 */
export const ENGINE_ACCOUNT = {
  namespace: 'slipway-system',
  name: 'slipway-engine',
};
const WRITE_ROLE = 'slipway-engine-write';
const CLUSTER_SCOPED_ROLE = 'slipway-engine-cluster-scoped';

const READ_ROLE = 'slipway-engine-read';
/** The groups' own binding of the read role; the base's binds the ServiceAccount alone. */
const GROUPS_READ_BINDING = 'slipway-engine-read-groups';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** The ServiceAccount, and the groups an identity provider (EKS access entries) puts the engine in. */
const groupSubjects = (groups: string[]) =>
  groups.map(name => ({ kind: 'Group', apiGroup: RBAC_GROUP, name }));
const subjectsOf = (groups: string[]) => [
  { kind: 'ServiceAccount', ...ENGINE_ACCOUNT },
  ...groupSubjects(groups),
];

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

/**
 * What the rights depend on.
 *
 * @public
 */
export type RbacEnvironment = Pick<
  SlipwayEnvironment,
  'name' | 'namespaces' | 'clusterScopedKinds'
>;

/**
 * The engine's RBAC for a set of environments, as files of a kustomize overlay (yarn slipway-rbac).
 *
 * @public
 */
export type EngineRbac = {
  /** Namespaces the engine may write, each with its RoleBinding. */
  namespaces: string[];
  /** Namespace patterns with `{service}` that no given service filled in. */
  unresolved: string[];
  /** RBAC rules for the cluster-scoped kinds the environments allow (the Helm chart's clusterScopedRules). */
  clusterScopedRules: Array<{ apiGroups: string[]; resources: string[] }>;
  /** The overlay's files, by name: kustomization.yaml and what it adds to the base. */
  files: Record<string, string>;
};

/**
 * The engine's rights for these environments, as a kustomize overlay of
 * the cluster kit's base (deploy/kustomize/base): a RoleBinding of slipway-engine-write in every
 * namespace a service may write (patterns with `{service}` filled in for
 * the given services), and a ClusterRole for the cluster-scoped kinds an
 * environment allows, if any. Nothing else is cluster-wide. `groups` binds
 * the same rights (and the read role) to Kubernetes groups too,
 * for an engine that signs in with IAM on EKS (an access entry puts its
 * role in the group).
 *
 * @public
 */
export function engineRbac(
  environments: RbacEnvironment[],
  options: { base: string; services?: string[]; groups?: string[] },
): EngineRbac {
  const groups = options.groups ?? [];
  const subjects = subjectsOf(groups);
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
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name: WRITE_ROLE, namespace },
    roleRef: {
      apiGroup: RBAC_GROUP,
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
  if (groups.length > 0) {
    files['read-groups.yaml'] = stringify({
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: GROUPS_READ_BINDING },
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: READ_ROLE },
      subjects: groupSubjects(groups),
    });
    resources.push('read-groups.yaml');
  }
  if (bindings.length > 0) {
    files['write-bindings.yaml'] = bindings
      .map(b => stringify(b))
      .join('---\n');
    resources.push('write-bindings.yaml');
  }
  const byGroup = new Map<string, string[]>();
  for (const kind of clusterScoped) {
    const { group, resource } = resourceOf(kind);
    byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
  }
  const clusterScopedRules = [...byGroup].map(([group, list]) => ({
    apiGroups: [group],
    resources: list,
  }));
  if (clusterScopedRules.length > 0) {
    const role = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRole',
      metadata: { name: CLUSTER_SCOPED_ROLE },
      rules: clusterScopedRules.map(rule => ({
        ...rule,
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      })),
    };
    const binding = {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: CLUSTER_SCOPED_ROLE },
      roleRef: {
        apiGroup: RBAC_GROUP,
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
  return {
    namespaces: sorted,
    unresolved: [...unresolved],
    clusterScopedRules,
    files,
  };
}
