import { SourcedManifest } from './manifest';
import { validateKindPolicy } from './validateKindPolicy';

const manifest = (
  apiVersion: string,
  kind: string,
  name: string,
): SourcedManifest => ({
  object: { apiVersion, kind, metadata: { name } },
  file: `${name}.yaml`,
  line: 3,
});

const CLUSTER_SCOPED = [
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PriorityClass',
  'CustomResourceDefinition',
];
const isClusterScoped = (_: string, kind: string) =>
  CLUSTER_SCOPED.includes(kind);

describe('validateKindPolicy', () => {
  const rbac = 'rbac.authorization.k8s.io/v1';

  it('refuses RBAC kinds and CRDs by default, namespaced or not', () => {
    const issues = validateKindPolicy(
      [
        manifest('apps/v1', 'Deployment', 'web'),
        manifest(rbac, 'ClusterRoleBinding', 'admin-for-all'),
        manifest(rbac, 'RoleBinding', 'edit'),
        manifest('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'x'),
      ],
      {},
      isClusterScoped,
    );
    expect(issues).toEqual([
      {
        file: 'admin-for-all.yaml',
        line: 3,
        field: 'kind',
        message:
          'ClusterRoleBinding "admin-for-all" is a kind this environment denies (deniedKinds)',
      },
      expect.objectContaining({ file: 'edit.yaml' }),
      expect.objectContaining({ file: 'x.yaml' }),
    ]);
  });

  it('refuses cluster-scoped kinds the environment does not list', () => {
    expect(
      validateKindPolicy(
        [
          manifest('v1', 'Namespace', 'team-a'),
          manifest('scheduling.k8s.io/v1', 'PriorityClass', 'urgent'),
        ],
        { clusterScopedKinds: ['Namespace'] },
        isClusterScoped,
      ),
    ).toEqual([
      {
        file: 'urgent.yaml',
        line: 3,
        field: 'kind',
        message:
          'PriorityClass "urgent" is cluster-scoped, and this environment allows only Namespace (clusterScopedKinds)',
      },
    ]);
  });

  it('takes kinds named with their API group, and a denied list of its own', () => {
    expect(
      validateKindPolicy(
        [
          manifest(rbac, 'ClusterRole', 'reader'),
          manifest('v1', 'ConfigMap', 'settings'),
        ],
        {
          clusterScopedKinds: [`rbac.authorization.k8s.io/ClusterRole`],
          deniedKinds: ['ConfigMap'],
        },
        isClusterScoped,
      ),
    ).toEqual([expect.objectContaining({ file: 'settings.yaml' })]);
  });
});
