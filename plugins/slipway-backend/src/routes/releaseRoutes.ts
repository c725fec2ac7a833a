import { stringifyEntityRef } from '@backstage/catalog-model';
import { deliveryTargetsOf } from '@slipway/backstage-plugin-slipway-node';
import express from 'express';
import { z } from 'zod';
import type { ReleaseStore } from '../store/ReleaseStore';
import { targetIdOf } from '../store/types';
import { parse, RouteContext } from './RouteContext';

const releasesQuery = z.object({
  environment: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The release history of an entity's services, newest first. */
export function releaseRoutes(
  router: express.Router,
  ctx: RouteContext,
  releases: ReleaseStore,
) {
  router.get('/entities/:kind/:namespace/:name/releases', async (req, res) => {
    const { environment, limit } = parse(releasesQuery, req.query, 'query');
    const entity = await ctx.entityOf(req);
    const entityRef = stringifyEntityRef(entity);
    // Only this entity's own targets: what another entity delivers stays its own.
    const targetIds = deliveryTargetsOf(entity, ctx.options.environments).map(
      t => targetIdOf(entityRef, t.environment),
    );
    res.json({
      items: await releases.list(targetIds, { environment, limit }),
    });
  });
}
