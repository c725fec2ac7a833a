import { slipwayPromotePermission } from '@slipway/backstage-plugin-slipway-common';
import type { PromotionResult } from '@slipway/backstage-plugin-slipway-node';
import express from 'express';
import { z } from 'zod';
import { parse, RouteContext } from './RouteContext';

const promoteBody = z
  .object({
    reason: z.string().max(500).optional(),
    from: z.string().min(1).optional(),
  })
  .default({});

/** Promoting the previous environment's version to this one, as a Git change. */
export function promotionRoutes(router: express.Router, ctx: RouteContext) {
  router.post(
    '/entities/:kind/:namespace/:name/environments/:environment/promote',
    async (req, res) => {
      const target = await ctx.targetOf(req);
      const { entityRef, environment } = target;
      const body = parse(promoteBody, req.body ?? {}, 'body');
      await ctx.requirePermission(req, slipwayPromotePermission, entityRef);
      const source = await ctx.actions.promotionSource(target, body.from);
      const by = await ctx.userOf(req);
      let result: PromotionResult | undefined;
      await ctx.audited(
        req,
        'delivery-promote',
        {
          entityRef,
          from: source.from,
          to: environment,
          revision: source.revision,
          ...(body.reason && { reason: body.reason }),
        },
        async () => {
          result = await ctx.actions.promote(target, source, by, body.reason);
        },
      );
      res.status(result!.changed ? 201 : 200).json(result);
    },
  );
}
