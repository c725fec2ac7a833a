import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { deliveryTargetsOf } from '@slipway/backstage-plugin-slipway-node';
import { Request } from 'express';
import { z } from 'zod';
import { DeliveryStore } from '../store/DeliveryStore';
import type { TargetActions } from '../targets/TargetActions';
import { targetIdOf } from '../store/types';

/** Where the routes of one environment of an entity are. */
export const ENVIRONMENT_ROUTE =
  '/entities/:kind/:namespace/:name/environments/:environment';

export const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});
export const environmentParams = entityParams.extend({
  environment: z.string().min(1),
});
export const reasonBody = z
  .object({ reason: z.string().max(500).optional() })
  .default({});

/** Validates a request part with zod; the error names the field. */
export function parse<T>(
  schema: z.ZodType<T, any, any>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${what}: ${issue.path.join('.') || 'value'} ${issue.message}`,
    );
  }
  return result.data;
}

export type RouteContextOptions = {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  environments: SlipwayEnvironment[];
  store: DeliveryStore;
};

/**
 * What every route module needs: the entity a request names (read with the
 * caller's credentials, so an entity they cannot see is a 404), the target
 * it holds in an environment, one permission check and audited actions.
 */
export class RouteContext {
  constructor(
    readonly options: RouteContextOptions,
    /** The rules of what may be done to a target (see TargetActions). */
    readonly actions: TargetActions,
  ) {}

  async entityOf(req: Request): Promise<Entity> {
    const ref = parse(entityParams, req.params, 'entity reference');
    const credentials = await this.options.httpAuth.credentials(req);
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    return entity;
  }

  /**
   * The target of the path's environment, which the entity must hold: a
   * target whose service or path another entity holds is not the entity's
   * to read or act on (404, naming the holder).
   */
  async targetOf(req: Request) {
    const { environment } = parse(environmentParams, req.params, 'path');
    const { environments, store } = this.options;
    const entity = await this.entityOf(req);
    const entityRef = stringifyEntityRef(entity);
    const targets = deliveryTargetsOf(entity, environments);
    const target = targets.find(t => t.environment === environment);
    if (!target) {
      throw new NotFoundError(
        `${entityRef} is not delivered to environment "${environment}"`,
      );
    }
    const { refused } = await store.conflictsOf(entityRef);
    const conflict = refused.find(c => c.environment === environment);
    if (conflict) {
      throw new NotFoundError(
        `${entityRef} does not deliver ${environment}: ${conflict.reason} belongs to ${conflict.heldBy.entityRef}`,
      );
    }
    const id = targetIdOf(entityRef, environment);
    return {
      entityRef,
      environment,
      target,
      targets,
      id,
      record: await store.target(id),
    };
  }

  /** The one permission check of every action: owners only, by the example policy. */
  async requirePermission(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ): Promise<void> {
    const credentials = await this.options.httpAuth.credentials(req);
    const [decision] = await this.options.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.name} on ${entityRef}: only its owners may, by default`,
      );
    }
  }

  /** The user behind a request, when it is one. */
  async userOf(req: Request): Promise<string | undefined> {
    const credentials = await this.options.httpAuth.credentials(req);
    return (credentials.principal as { userEntityRef?: string }).userEntityRef;
  }

  /** Runs an action as an audited event: who did what to which target. */
  async audited(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    action: () => Promise<void>,
  ): Promise<void> {
    const event = await this.options.auditor.createEvent({
      eventId,
      request: req,
      severityLevel: 'medium',
      meta,
    });
    try {
      await action();
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}
