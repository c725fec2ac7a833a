import { stringifyEntityRef } from '@backstage/catalog-model';
import type { DoraRow } from '@slipway/backstage-plugin-slipway-common';
import { deliveryTargetsOf } from '@slipway/backstage-plugin-slipway-node';
import express from 'express';
import { z } from 'zod';
import { doraFigures } from '../dora/doraFigures';
import type { ReleaseStore } from '../store/ReleaseStore';
import { targetIdOf } from '../store/types';
import { parse, RouteContext } from './RouteContext';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Releases read per entity for its figures: a service releasing more in the window is counted to here. */
const MOST_RELEASES = 5000;

const doraQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
});

/**
 * DORA figures from the release history: one entity's per environment, and
 * every entity the caller may read in the catalog.
 */
export function doraRoutes(
  router: express.Router,
  ctx: RouteContext,
  releases: ReleaseStore,
) {
  const { environments } = ctx.options;
  const figuresOf = async (
    entity: Parameters<typeof deliveryTargetsOf>[0],
    days: number,
    now: number,
  ) => {
    const entityRef = stringifyEntityRef(entity);
    const targets = deliveryTargetsOf(entity, environments);
    const history = await releases.list(
      targets.map(t => targetIdOf(entityRef, t.environment)),
      { since: now - days * DAY_MS, limit: MOST_RELEASES },
    );
    return targets.map(t => ({
      service: t.service,
      ...doraFigures(t.environment, history, { windowDays: days, now }),
    }));
  };

  router.get('/entities/:kind/:namespace/:name/dora', async (req, res) => {
    const { days } = parse(doraQuery, req.query, 'query');
    const entity = await ctx.entityOf(req);
    const items = await figuresOf(entity, days, Date.now());
    res.json({ items: items.map(({ service: _, ...figures }) => figures) });
  });

  router.get('/dora', async (req, res) => {
    const { days } = parse(doraQuery, req.query, 'query');
    const credentials = await ctx.options.httpAuth.credentials(req);
    const entityRefs = [
      ...new Set((await ctx.options.store.allTargets()).map(t => t.entityRef)),
    ];
    // Only what the caller may read in the catalog.
    const { items: entities } = await ctx.options.catalog.getEntitiesByRefs(
      { entityRefs },
      { credentials },
    );
    const now = Date.now();
    const rows: DoraRow[] = [];
    for (const entity of entities) {
      if (!entity) {
        continue;
      }
      const owner = (entity.spec?.owner as string | undefined) ?? null;
      for (const figures of await figuresOf(entity, days, now)) {
        rows.push({ entityRef: stringifyEntityRef(entity), owner, ...figures });
      }
    }
    res.json({ items: rows });
  });
}
