import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';

export type EntityPermission = {
  allowed: boolean;
  loading: boolean;
  /** Why the actions are disabled, for the person looking at them. */
  deniedReason?: string;
};

/** Whether the signed-in user may take a Slipway action on the entity shown. */
export function useEntityPermission(
  permission: ResourcePermission<'catalog-entity'>,
): EntityPermission {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const owner = entity.spec?.owner;
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: entityRef,
  });
  if (loading || allowed) {
    return { allowed, loading };
  }
  const owners =
    typeof owner === 'string'
      ? stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        )
      : 'no owner set';
  return {
    allowed,
    loading,
    deniedReason: `You may not ${permission.name} on ${entityRef}: by default only its owners (${owners}) may.`,
  };
}
