import { createPermission } from '@backstage/plugin-permission-common';

const entityResource = { resourceType: 'catalog-entity' } as const;

/** Trigger a reconcile of a delivery target now. */
export const slipwaySyncPermission = createPermission({
  name: 'slipway.delivery.sync',
  attributes: { action: 'update' },
  ...entityResource,
});

/** Suspend or resume reconciliation of a delivery target. */
export const slipwaySuspendPermission = createPermission({
  name: 'slipway.delivery.suspend',
  attributes: { action: 'update' },
  ...entityResource,
});

/** Promote, abort, retry, pause or resume a canary run. */
export const slipwayCanaryControlPermission = createPermission({
  name: 'slipway.canary.control',
  attributes: { action: 'update' },
  ...entityResource,
});

/** Promote a version from one environment to the next (a Git change). */
export const slipwayPromotePermission = createPermission({
  name: 'slipway.environment.promote',
  attributes: { action: 'update' },
  ...entityResource,
});

/** Confirm a large prune that waits for a person (objects that left Git are deleted). */
export const slipwayConfirmPrunePermission = createPermission({
  name: 'slipway.delivery.prune',
  attributes: { action: 'delete' },
  ...entityResource,
});

export const slipwayPermissions = [
  slipwayConfirmPrunePermission,
  slipwaySyncPermission,
  slipwaySuspendPermission,
  slipwayCanaryControlPermission,
  slipwayPromotePermission,
];
