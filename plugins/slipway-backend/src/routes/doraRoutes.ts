import { stringifyEntityRef } from '@backstage/catalog-model';
import type { DoraRow } from '@slipway/backstage-plugin-slipway-common';
import { deliveryTargetsOf } from '@slipway/backstage-plugin-slipway-node';
import express from 'express';
import { z } from 'zod';
import { doraOfTargets } from '../dora/doraOfTargets';
import type { ReleaseStore } from '../store/ReleaseStore';
import { targetIdOf } from '../store/types';
import { parse, RouteContext } from './RouteContext';

/** Releases read for one entity's figures: a service releasing more in the window is counted to here. */
const MOST_RELEASES_OF_ENTITY = 5000;
/** Releases read for every entity's figures at once. */
const MOST_RELEASES = 100_000;

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
  /** The entity's targets, each with the entity it belongs to. */
  const targetsOf = (entity: Parameters<typeof deliveryTargetsOf>[0]) => {
    const entityRef = stringifyEntityRef(entity);
    const owner = (entity.spec?.owner as string | undefined) ?? null;
    return deliveryTargetsOf(entity, environments).map(t => ({
      id: targetIdOf(entityRef, t.environment),
      service: t.service,
      environment: t.environment,
      entityRef,
      owner,
    }));
  };

  router.get('/entities/:kind/:namespace/:name/dora', async (req, res) => {
    const { days } = parse(doraQuery, req.query, 'query');
    const entity = await ctx.entityOf(req);
    const items = await doraOfTargets(releases, targetsOf(entity), {
      windowDays: days,
      now: Date.now(),
      mostReleases: MOST_RELEASES_OF_ENTITY,
    });
    res.json({ items: items.map(i => i.figures) });
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
    const targets = entities.flatMap(entity =>
      entity ? targetsOf(entity) : [],
    );
    const items = await doraOfTargets(releases, targets, {
      windowDays: days,
      now: Date.now(),
      mostReleases: MOST_RELEASES,
    });
    const rows: DoraRow[] = items.map(({ target, figures }) => ({
      entityRef: target.entityRef,
      service: target.service,
      owner: target.owner,
      ...figures,
    }));
    res.json({ items: rows });
  });
}
