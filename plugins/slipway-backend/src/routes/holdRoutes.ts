import { ConflictError } from '@backstage/errors';
import { slipwayPromotePermission } from '@slipway/backstage-plugin-slipway-common';
import express from 'express';
import { z } from 'zod';
import type { ReleaseStore } from '../store/ReleaseStore';
import {
  ENVIRONMENT_ROUTE,
  environmentParams,
  parse,
  RouteContext,
} from './RouteContext';

const holdParams = environmentParams.extend({
  releaseId: z.coerce.number().int().positive(),
});

const releaseBody = z.object({
  reason: z.string().trim().min(1, 'is required').max(500),
});

/**
 * Releasing a hold: the images of a release that failed its canary, or that
 * a person rolled back, may come to the environment again by image
 * automation or promotion. Allowed to whoever may promote there.
 */
export function holdRoutes(
  router: express.Router,
  ctx: RouteContext,
  releases: ReleaseStore,
) {
  router.post(
    `${ENVIRONMENT_ROUTE}/holds/:releaseId/release`,
    async (req, res) => {
      const { releaseId } = parse(holdParams, req.params, 'path');
      const target = await ctx.targetOf(req);
      const { entityRef, environment, id } = target;
      const body = parse(releaseBody, req.body ?? {}, 'body');
      await ctx.requirePermission(req, slipwayPromotePermission, entityRef);
      const by = (await ctx.userOf(req)) ?? 'a service';
      await ctx.audited(
        req,
        'delivery-hold-release',
        {
          entityRef,
          environment,
          releaseId: String(releaseId),
          reason: body.reason,
        },
        async () => {
          if (
            !(await releases.releaseHold(
              id,
              releaseId,
              by,
              body.reason,
              Date.now(),
            ))
          ) {
            throw new ConflictError(
              `release ${releaseId} holds nothing in ${environment}`,
            );
          }
        },
      );
      res.json({ released: releaseId });
    },
  );
}
