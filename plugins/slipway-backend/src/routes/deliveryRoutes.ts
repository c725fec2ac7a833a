import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  slipwayConfirmPrunePermission,
  slipwaySuspendPermission,
  slipwaySyncPermission,
} from '@slipway/backstage-plugin-slipway-common';
import { deliveryTargetsOf } from '@slipway/backstage-plugin-slipway-node';
import { objectName } from '@slipway/engine';
import express from 'express';
import { z } from 'zod';
import {
  ImageAutomationStore,
  toImageAutomationStatus,
  uncheckedImageAutomationStatus,
} from '../store/ImageAutomationStore';
import { servingOf } from '../canary/servingStatus';
import type { CanaryStore } from '../store/CanaryStore';
import type { ReleaseStore } from '../store/ReleaseStore';
import { toDeliveryStatus } from '../toDeliveryStatus';
import { claimStatusOf } from './claimStatus';
import { publicEnvironment, withPublicRepository } from './publicRepository';
import {
  ENVIRONMENT_ROUTE,
  parse,
  reasonBody,
  RouteContext,
} from './RouteContext';

const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  changesOnly: z
    .enum(['true', 'false'])
    .default('false')
    .transform(v => v === 'true'),
});

const confirmPruneBody = z.object({
  hash: z.string().regex(/^[0-9a-f]{16}$/, 'must be the pending prune hash'),
  reason: z.string().trim().min(1, 'is required').max(500),
});

/** What is delivered where, its history, and sync / suspend / resume. */
export function deliveryRoutes(
  router: express.Router,
  ctx: RouteContext,
  options: {
    automationStore?: ImageAutomationStore;
    canaryStore?: CanaryStore;
    releases?: ReleaseStore;
  },
) {
  const { environments, store } = ctx.options;

  router.get('/environments', async (_req, res) => {
    res.json({ items: environments.map(publicEnvironment) });
  });

  router.get('/entities/:kind/:namespace/:name/targets', async (req, res) => {
    res.json({
      items: deliveryTargetsOf(await ctx.entityOf(req), environments).map(
        withPublicRepository,
      ),
    });
  });

  router.get('/entities/:kind/:namespace/:name/delivery', async (req, res) => {
    const entity = await ctx.entityOf(req);
    const entityRef = stringifyEntityRef(entity);
    const records = new Map(
      (await store.targetsOf(entityRef)).map(r => [r.spec.environment, r]),
    );
    const conflicts = await store.conflictsOf(entityRef);
    const items = await Promise.all(
      deliveryTargetsOf(entity, environments).map(async target => {
        const record = records.get(target.environment);
        const [last] = record ? await store.history(record.id, 1) : [];
        const policy = record?.spec.imageAutomation;
        const automation =
          policy && (await options.automationStore?.get(record.id));
        // Only a service this entity holds: another entity naming it sees nothing of its Canaries.
        const serving =
          options.canaryStore &&
          record?.spec.service === target.service &&
          (await servingOf(
            options.canaryStore,
            target.service,
            target.environment,
            options.releases,
          ));
        const holds = record && (await options.releases?.holds(record.id));
        return {
          ...toDeliveryStatus(target, record, last),
          ...(serving && serving.length > 0 && { serving }),
          ...(holds && holds.length > 0 && { holds }),
          ...claimStatusOf(target.environment, conflicts),
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

  router.get(`${ENVIRONMENT_ROUTE}/history`, async (req, res) => {
    const { limit, changesOnly } = parse(historyQuery, req.query, 'query');
    const { id } = await ctx.targetOf(req);
    const items = (await store.history(id, changesOnly ? 100 : limit))
      .filter(r => !changesOnly || r.result !== 'unchanged')
      .slice(0, limit);
    res.json({ items });
  });

  router.get(`${ENVIRONMENT_ROUTE}/diff`, async (req, res) => {
    const { id, record } = await ctx.targetOf(req);
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
  });

  router.post(`${ENVIRONMENT_ROUTE}/sync`, async (req, res) => {
    const target = await ctx.targetOf(req);
    const { entityRef, environment } = target;
    await ctx.requirePermission(req, slipwaySyncPermission, entityRef);
    await ctx.audited(req, 'delivery-sync', { entityRef, environment }, () =>
      ctx.actions.sync(target),
    );
    res.status(202).json({ requested: true });
  });

  router.post(`${ENVIRONMENT_ROUTE}/prune/confirm`, async (req, res) => {
    const target = await ctx.targetOf(req);
    const { entityRef, environment } = target;
    const body = parse(confirmPruneBody, req.body ?? {}, 'body');
    await ctx.requirePermission(req, slipwayConfirmPrunePermission, entityRef);
    const pending = ctx.actions.pendingPrune(target);
    const by = (await ctx.userOf(req)) ?? 'a service';
    await ctx.audited(
      req,
      'delivery-prune-confirm',
      {
        entityRef,
        environment,
        reason: body.reason,
        objects: (pending?.objects ?? []).map(objectName).join(', '),
      },
      () => ctx.actions.confirmPrune(target, body.hash, by),
    );
    res.status(202).json({ confirmed: body.hash });
  });

  for (const suspend of [true, false]) {
    router.post(
      `${ENVIRONMENT_ROUTE}/${suspend ? 'suspend' : 'resume'}`,
      async (req, res) => {
        const target = await ctx.targetOf(req);
        const { entityRef, environment } = target;
        const body = parse(reasonBody, req.body ?? {}, 'body');
        await ctx.requirePermission(req, slipwaySuspendPermission, entityRef);
        const by = (await ctx.userOf(req)) ?? 'a service';
        await ctx.audited(
          req,
          suspend ? 'delivery-suspend' : 'delivery-resume',
          {
            entityRef,
            environment,
            ...(body.reason && { reason: body.reason }),
          },
          () => ctx.actions.setSuspended(target, suspend, by),
        );
        res.json({ suspended: suspend });
      },
    );
  }
}
