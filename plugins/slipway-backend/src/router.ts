import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  slipwaySuspendPermission,
  CANARY_ACTIONS,
  slipwayCanaryControlPermission,
  slipwaySyncPermission,
  slipwayPromotePermission,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import express, { Request } from 'express';
import { CanaryActionRefused, requestCanaryAction } from '@slipway/engine';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  deliveryTargetsOf,
  PromotionRequest,
  PromotionResult,
  promotionTargets,
} from '@slipway/backstage-plugin-slipway-node';
import { ClusterConnections } from './clusters/ClusterConnections';
import { DeliveryMetrics } from './metrics/DeliveryMetrics';
import { CanaryStore } from './store/CanaryStore';
import { CanaryViews } from './canary/canaryView';
import { DeliveryStore } from './store/DeliveryStore';
import { targetIdOf } from './store/types';
import { toDeliveryStatus } from './toDeliveryStatus';
import {
  ImageAutomationStore,
  toImageAutomationStatus,
  uncheckedImageAutomationStatus,
} from './store/ImageAutomationStore';
import { parsePush, verifyGithubSignature } from './webhooks/githubPush';

const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});
const environmentParams = entityParams.extend({
  environment: z.string().min(1),
});
const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  changesOnly: z
    .enum(['true', 'false'])
    .default('false')
    .transform(v => v === 'true'),
});
const canaryParams = environmentParams.extend({
  canary: z.string().min(1),
});
const canaryActionParams = canaryParams.extend({
  action: z.enum(CANARY_ACTIONS),
});
const canaryRunParams = canaryParams.extend({
  runId: z.string().uuid(),
});
const promoteBody = z
  .object({
    reason: z.string().max(500).optional(),
    from: z.string().min(1).optional(),
  })
  .default({});
const suspendBody = z
  .object({ reason: z.string().max(500).optional() })
  .default({});

function parse<T>(
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

/** A target the catalog names but the reconciler has not stored yet (its first catalog read is due). */
function requireRecord<T>(
  entityRef: string,
  environment: string,
  record: T | undefined,
): T {
  if (!record) {
    throw new ConflictError(
      `${entityRef} in ${environment} is not known to the reconciler yet; try again in a moment`,
    );
  }
  return record;
}

export type RouterOptions = {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  environments: SlipwayEnvironment[];
  store: DeliveryStore;
  automationStore?: ImageAutomationStore;
  metrics: DeliveryMetrics;
  githubWebhookSecret?: string;
  /** The canary engine's store and the clusters its Canaries live in; absent when it is disabled. */
  canaries?: { store: CanaryStore; clusters: ClusterConnections };
  /** Writes the Git change of a promotion (promoteService with the backend's Git cache and writer). */
  promote?: (
    request: Omit<PromotionRequest, 'environments'>,
  ) => Promise<PromotionResult>;
  /** Makes the targets of a pushed repository and branch due now. */
  onPush: (push: { repositories: string[]; branch: string }) => Promise<number>;
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, permissions, auditor, environments, store } =
    options;
  const router = Router();
  const canaryViews =
    options.canaries &&
    new CanaryViews(options.canaries.store, options.canaries.clusters);

  router.post(
    '/webhooks/github',
    express.raw({ type: '*/*', limit: '5mb' }),
    async (req, res) => {
      if (!options.githubWebhookSecret) {
        throw new NotFoundError(
          'GitHub webhooks are off: set slipway.webhooks.github.secret',
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (
        !verifyGithubSignature(
          body,
          req.header('x-hub-signature-256'),
          options.githubWebhookSecret,
        )
      ) {
        res.status(401).json({ error: 'signature does not match' });
        return;
      }
      const event = req.header('x-github-event');
      if (event !== 'push') {
        res.status(202).json({ ignored: event ?? 'no event type' });
        return;
      }
      const push = parsePush(JSON.parse(body.toString('utf8')));
      const targets = push ? await options.onPush(push) : 0;
      res.status(202).json({ targets });
    },
  );

  router.get('/metrics', async (_req, res) => {
    res
      .type(options.metrics.registry.contentType)
      .send(await options.metrics.registry.metrics());
  });

  router.use(express.json());

  router.get('/environments', async (_req, res) => {
    res.json({ items: environments });
  });

  async function entityOf(req: Request): Promise<Entity> {
    const ref = parse(entityParams, req.params, 'entity reference');
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    return entity;
  }

  async function targetOf(req: Request) {
    const { environment } = parse(environmentParams, req.params, 'path');
    const entity = await entityOf(req);
    const entityRef = stringifyEntityRef(entity);
    const targets = deliveryTargetsOf(entity, environments);
    const target = targets.find(t => t.environment === environment);
    if (!target) {
      throw new NotFoundError(
        `${entityRef} is not delivered to environment "${environment}"`,
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

  async function authorize(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ) {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.name} on ${entityRef}: only its owners may, by default`,
      );
    }
  }

  /** Runs an action as an audited event: who did what to which target. */
  async function audited(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    action: () => Promise<void>,
  ) {
    const event = await auditor.createEvent({
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

  router.get('/entities/:kind/:namespace/:name/targets', async (req, res) => {
    res.json({ items: deliveryTargetsOf(await entityOf(req), environments) });
  });

  router.get('/entities/:kind/:namespace/:name/delivery', async (req, res) => {
    const entity = await entityOf(req);
    const entityRef = stringifyEntityRef(entity);
    const records = new Map(
      (await store.targetsOf(entityRef)).map(r => [r.spec.environment, r]),
    );
    const items = await Promise.all(
      deliveryTargetsOf(entity, environments).map(async target => {
        const record = records.get(target.environment);
        const [last] = record ? await store.history(record.id, 1) : [];
        const policy = record?.spec.imageAutomation;
        const automation =
          policy && (await options.automationStore?.get(record.id));
        return {
          ...toDeliveryStatus(target, record, last),
          ...(policy && {
            imageAutomation: automation
              ? toImageAutomationStatus(automation)
              : uncheckedImageAutomationStatus(policy),
          }),
        };
      }),
    );
    res.json({ items });
  });

  router.get('/entities/:kind/:namespace/:name/canaries', async (req, res) => {
    const entity = await entityOf(req);
    const items = [];
    for (const target of deliveryTargetsOf(entity, environments)) {
      for (const row of (await options.canaries?.store.ofService(
        target.service,
        target.environment,
      )) ?? []) {
        items.push(await canaryViews!.view(row, target.environment));
      }
    }
    res.json({ items });
  });

  /** The entity's Canary named in the path, or 404; a permission is checked first. */
  async function canaryOf(
    req: Request,
    canary: string,
    permission?: typeof slipwayCanaryControlPermission,
  ) {
    const { entityRef, environment, target } = await targetOf(req);
    if (permission) {
      await authorize(req, permission, entityRef);
    }
    const row = (
      (await options.canaries?.store.ofService(target.service, environment)) ??
      []
    ).find(r => r.name === canary);
    if (!row) {
      throw new NotFoundError(
        `${entityRef} has no Canary "${canary}" in ${environment}`,
      );
    }
    return { entityRef, environment, row };
  }

  router.get(
    '/entities/:kind/:namespace/:name/environments/:environment/canaries/:canary/runs/:runId',
    async (req, res) => {
      const { canary, runId } = parse(canaryRunParams, req.params, 'path');
      const { row } = await canaryOf(req, canary);
      const { store: canaryStore } = options.canaries!;
      const run = (await canaryStore.runs(row.id, 1000)).find(
        r => r.runId === runId,
      );
      if (!run) {
        throw new NotFoundError(`Canary "${canary}" has no run ${runId}`);
      }
      res.json({
        run,
        measurements: await canaryStore.measurements(row.id, runId),
      });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/environments/:environment/history',
    async (req, res) => {
      const { limit, changesOnly } = parse(historyQuery, req.query, 'query');
      const { id } = await targetOf(req);
      const items = (await store.history(id, changesOnly ? 100 : limit))
        .filter(r => !changesOnly || r.result !== 'unchanged')
        .slice(0, limit);
      res.json({ items });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/environments/:environment/diff',
    async (req, res) => {
      const { id, record } = await targetOf(req);
      const lastChange = (await store.history(id, 100)).find(
        r => r.result === 'applied',
      );
      res.json({
        lastApplied: lastChange
          ? {
              revision: lastChange.revision,
              finishedAt: new Date(lastChange.finishedAt).toISOString(),
              applied: lastChange.changes.applied,
              pruned: lastChange.changes.pruned,
            }
          : null,
        drift: record?.status?.drift ?? null,
      });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/environments/:environment/sync',
    async (req, res) => {
      const { entityRef, environment, id, record } = await targetOf(req);
      await authorize(req, slipwaySyncPermission, entityRef);
      await audited(
        req,
        'delivery-sync',
        { entityRef, environment },
        async () => {
          if (requireRecord(entityRef, environment, record).suspended) {
            throw new ConflictError(
              `${entityRef} in ${environment} is suspended; resume it first`,
            );
          }
          await store.requestSync({ ids: [id] }, 'manual', Date.now());
        },
      );
      res.status(202).json({ requested: true });
    },
  );

  for (const suspend of [true, false]) {
    router.post(
      `/entities/:kind/:namespace/:name/environments/:environment/${
        suspend ? 'suspend' : 'resume'
      }`,
      async (req, res) => {
        const { entityRef, environment, id, record } = await targetOf(req);
        const body = parse(suspendBody, req.body ?? {}, 'body');
        await authorize(req, slipwaySuspendPermission, entityRef);
        const credentials = await httpAuth.credentials(req);
        const principal = credentials.principal as { userEntityRef?: string };
        const by = principal.userEntityRef ?? 'a service';
        await audited(
          req,
          suspend ? 'delivery-suspend' : 'delivery-resume',
          {
            entityRef,
            environment,
            ...(body.reason && { reason: body.reason }),
          },
          async () => {
            requireRecord(entityRef, environment, record);
            await store.setSuspended(id, suspend, by);
          },
        );
        res.json({ suspended: suspend });
      },
    );
  }

  router.post(
    '/entities/:kind/:namespace/:name/environments/:environment/promote',
    async (req, res) => {
      const { entityRef, environment, targets, id } = await targetOf(req);
      const body = parse(promoteBody, req.body ?? {}, 'body');
      await authorize(req, slipwayPromotePermission, entityRef);
      if (!options.promote) {
        throw new NotFoundError('Promotion is not available on this backend');
      }
      const { from } = promotionTargets(targets, environment, body.from);
      const source = requireRecord(
        entityRef,
        from.environment,
        await store.target(targetIdOf(entityRef, from.environment)),
      );
      const ready = source.status?.conditions?.find(c => c.type === 'Ready');
      const revision = source.status?.lastAppliedRevision;
      if (!revision || ready?.status !== 'True') {
        throw new ConflictError(
          `${from.environment} is not ready to promote from${
            ready ? ` (${ready.reason}: ${ready.message})` : ''
          }; promote once it has applied a revision and is healthy`,
        );
      }
      const credentials = await httpAuth.credentials(req);
      const by = (credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      let result: PromotionResult | undefined;
      await audited(
        req,
        'delivery-promote',
        {
          entityRef,
          from: from.environment,
          to: environment,
          revision,
          ...(body.reason && { reason: body.reason }),
        },
        async () => {
          result = await options.promote!({
            targets,
            from: from.environment,
            to: environment,
            revision,
            reason: body.reason,
            by,
          });
          if (result.changed && result.mode === 'commit') {
            await store.requestSync({ ids: [id] }, 'manual', Date.now());
          }
        },
      );
      res.status(result!.changed ? 201 : 200).json(result);
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/environments/:environment/canaries/:canary/:action',
    async (req, res) => {
      const { canary, action } = parse(canaryActionParams, req.params, 'path');
      const body = parse(suspendBody, req.body ?? {}, 'body');
      const { entityRef, environment, row } = await canaryOf(
        req,
        canary,
        slipwayCanaryControlPermission,
      );
      let phase: string | undefined;
      await audited(
        req,
        `canary-${action}`,
        {
          entityRef,
          environment,
          canary,
          ...(body.reason && { reason: body.reason }),
        },
        async () => {
          const { client } = await options.canaries!.clusters.connect(
            row.cluster,
          );
          const written = await requestCanaryAction(client, row, action).catch(
            error => {
              throw error instanceof CanaryActionRefused
                ? new ConflictError(error.message)
                : error;
            },
          );
          phase = written.status?.phase;
          // The next tick acts on it now, not at the end of the interval.
          await options.canaries!.store.dueNow(row.id);
        },
      );
      res.status(202).json({ action, phase });
    },
  );

  return router;
}
