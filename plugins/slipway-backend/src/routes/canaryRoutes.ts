import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  CANARY_ACTIONS,
  slipwayCanaryControlPermission,
} from '@slipway/backstage-plugin-slipway-common';
import { deliveryTargetsOf } from '@slipway/backstage-plugin-slipway-node';
import { CanaryActionRefused, requestCanaryAction } from '@slipway/engine';
import express, { Request } from 'express';
import { z } from 'zod';
import { CanaryViews } from '../canary/canaryView';
import type { ClusterConnections } from '../clusters/ClusterConnections';
import type { CanaryStore } from '../store/CanaryStore';
import {
  environmentParams,
  parse,
  reasonBody,
  RouteContext,
} from './RouteContext';

const canaryParams = environmentParams.extend({
  canary: z.string().min(1),
});
const canaryActionParams = canaryParams.extend({
  action: z.enum(CANARY_ACTIONS),
});
const canaryRunParams = canaryParams.extend({
  runId: z.string().uuid(),
});

const CANARY =
  '/entities/:kind/:namespace/:name/environments/:environment/canaries/:canary';

/** The Canaries of the targets an entity holds: their runs, checks and the portal's actions on them. */
export function canaryRoutes(
  router: express.Router,
  ctx: RouteContext,
  canaries: { store: CanaryStore; clusters: ClusterConnections },
) {
  const { store } = ctx.options;
  const views = new CanaryViews(canaries.store, canaries.clusters);

  router.get('/entities/:kind/:namespace/:name/canaries', async (req, res) => {
    const entity = await ctx.entityOf(req);
    // Only the targets this entity holds: another entity naming the same service sees none of them.
    const held = new Set(
      (await store.targetsOf(stringifyEntityRef(entity))).map(
        r => `${r.spec.service}#${r.spec.environment}`,
      ),
    );
    const items = [];
    for (const { service, environment } of deliveryTargetsOf(
      entity,
      ctx.options.environments,
    )) {
      if (!held.has(`${service}#${environment}`)) {
        continue;
      }
      for (const row of await canaries.store.ofService(service, environment)) {
        items.push(await views.view(row, environment));
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
    const { entityRef, environment, target } = await ctx.targetOf(req);
    if (permission) {
      await ctx.requirePermission(req, permission, entityRef);
    }
    const row = (
      await canaries.store.ofService(target.service, environment)
    ).find(r => r.name === canary);
    if (!row) {
      throw new NotFoundError(
        `${entityRef} has no Canary "${canary}" in ${environment}`,
      );
    }
    return { entityRef, environment, row };
  }

  router.get(`${CANARY}/runs/:runId`, async (req, res) => {
    const { canary, runId } = parse(canaryRunParams, req.params, 'path');
    const { row } = await canaryOf(req, canary);
    const run = (await canaries.store.runs(row.id, 1000)).find(
      r => r.runId === runId,
    );
    if (!run) {
      throw new NotFoundError(`Canary "${canary}" has no run ${runId}`);
    }
    res.json({
      run,
      measurements: await canaries.store.measurements(row.id, runId),
    });
  });

  router.post(`${CANARY}/:action`, async (req, res) => {
    const { canary, action } = parse(canaryActionParams, req.params, 'path');
    const body = parse(reasonBody, req.body ?? {}, 'body');
    const { entityRef, environment, row } = await canaryOf(
      req,
      canary,
      slipwayCanaryControlPermission,
    );
    let phase: string | undefined;
    await ctx.audited(
      req,
      `canary-${action}`,
      {
        entityRef,
        environment,
        canary,
        ...(body.reason && { reason: body.reason }),
      },
      async () => {
        const { client } = await canaries.clusters.connect(row.cluster);
        const written = await requestCanaryAction(client, row, action).catch(
          error => {
            throw error instanceof CanaryActionRefused
              ? new ConflictError(error.message)
              : error;
          },
        );
        phase = written.status?.phase;
        // The next tick acts on it now, not at the end of the interval.
        await canaries.store.dueNow(row.id);
      },
    );
    res.status(202).json({ action, phase });
  });
}
