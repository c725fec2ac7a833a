import { stringifyEntityRef } from '@backstage/catalog-model';
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
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: entityRef,
  });
  return {
    allowed,
    loading,
    deniedReason:
      loading || allowed
        ? undefined
        : `You may not ${
            permission.name
          } on ${entityRef}: by default only its owners (${
            entity.spec?.owner ?? 'no owner set'
          }) may.`,
  };
}
