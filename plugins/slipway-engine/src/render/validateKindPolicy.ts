import { ManifestIssue, SourcedManifest } from './manifest';

/**
 * Kinds no service may write unless an environment's app-config says
 * otherwise: those that grant rights (RBAC, admission webhooks and
 * policies) and those that change the API itself (CRDs, API services).
 *
 * @public
 */
export const DEFAULT_DENIED_KINDS = [
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
];

/**
 * What a service may write in an environment, besides its namespaces.
 *
 * @public
 */
export type KindPolicy = {
  /** Cluster-scoped kinds it may write (`Namespace`, `PriorityClass`…); none by default. */
  clusterScopedKinds?: string[];
  /** Kinds it may never write, namespaced or not; DEFAULT_DENIED_KINDS by default. */
  deniedKinds?: string[];
};

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

/** A policy entry names a kind (`ClusterRole`) or a kind of one API group (`rbac.authorization.k8s.io/ClusterRole`). */
export const namesKind = (
  entries: string[],
  apiVersion: string,
  kind: string,
) =>
  entries.includes(kind) || entries.includes(`${groupOf(apiVersion)}/${kind}`);

/**
 * Refuses denied kinds everywhere, and cluster-scoped kinds the policy does
 * not list. Which kinds are cluster-scoped is the caller's knowledge.
 *
 * @public
 */
export function validateKindPolicy(
  manifests: SourcedManifest[],
  policy: KindPolicy,
  isClusterScoped: (apiVersion: string, kind: string) => boolean,
): ManifestIssue[] {
  const denied = policy.deniedKinds ?? DEFAULT_DENIED_KINDS;
  const clusterScoped = policy.clusterScopedKinds ?? [];
  return manifests.flatMap(({ object, file, line }) => {
    const { apiVersion, kind } = object;
    const where = { file, line, field: 'kind' };
    if (namesKind(denied, apiVersion, kind)) {
      return [
        {
          ...where,
          message: `${kind} "${object.metadata.name}" is a kind this environment denies (deniedKinds)`,
        },
      ];
    }
    if (
      isClusterScoped(apiVersion, kind) &&
      !namesKind(clusterScoped, apiVersion, kind)
    ) {
      return [
        {
          ...where,
          message: `${kind} "${
            object.metadata.name
          }" is cluster-scoped, and this environment allows ${
            clusterScoped.length > 0
              ? `only ${clusterScoped.join(', ')}`
              : 'none'
          } (clusterScopedKinds)`,
        },
      ];
    }
    return [];
  });
}
