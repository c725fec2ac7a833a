import {
  Permission,
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';

/**
 * Whether a permission decision allows, for callers that authorize without a resource.
 *
 * @public
 */
export const isAllowed = (decision: { result: AuthorizeResult }) =>
  decision.result === AuthorizeResult.ALLOW;

const entityResource = { resourceType: 'catalog-entity' } as const;

/**
 * Trigger a reconcile of a delivery target now.
 *
 * @public
 */
export const slipwaySyncPermission = createPermission({
  name: 'slipway.delivery.sync',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Suspend or resume reconciliation of a delivery target.
 *
 * @public
 */
export const slipwaySuspendPermission = createPermission({
  name: 'slipway.delivery.suspend',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Promote, abort, retry, pause or resume a canary run.
 *
 * @public
 */
export const slipwayCanaryControlPermission = createPermission({
  name: 'slipway.canary.control',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Promote a version from one environment to the next (a Git change).
 *
 * @public
 */
export const slipwayPromotePermission = createPermission({
  name: 'slipway.environment.promote',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Roll an environment back to an earlier release (a Git change restoring the service's directory).
 *
 * @public
 */
export const slipwayRollbackPermission = createPermission({
  name: 'slipway.environment.rollback',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Freeze a service in an environment until a time (Freeze now), or end that freeze.
 *
 * @public
 */
export const slipwayFreezePermission = createPermission({
  name: 'slipway.environment.freeze',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Apply one revision that waits while a service is frozen (break-glass).
 * Kept apart from every other permission so a policy can give it to few.
 *
 * @public
 */
export const slipwayBreakGlassPermission = createPermission({
  name: 'slipway.environment.breakGlass',
  attributes: { action: 'update' },
  ...entityResource,
});

/**
 * Confirm a large prune that waits for a person (objects that left Git are deleted).
 *
 * @public
 */
export const slipwayConfirmPrunePermission = createPermission({
  name: 'slipway.delivery.prune',
  attributes: { action: 'delete' },
  ...entityResource,
});

/**
 * Propose a new service to the config repository (the scaffolder's
 * `slipway:config-repo:pull-request`). Not tied to an entity: the service
 * has none yet.
 *
 * @public
 */
export const slipwayServiceCreatePermission = createPermission({
  name: 'slipway.service.create',
  attributes: { action: 'create' },
});

/**
 * Every permission Slipway defines, for a permission policy or the permission integration router.
 *
 * @public
 */
export const slipwayPermissions: Permission[] = [
  slipwayServiceCreatePermission,
  slipwayConfirmPrunePermission,
  slipwaySyncPermission,
  slipwaySuspendPermission,
  slipwayCanaryControlPermission,
  slipwayPromotePermission,
  slipwayRollbackPermission,
  slipwayFreezePermission,
  slipwayBreakGlassPermission,
];
