import { ConflictError } from '@backstage/errors';
import { slipwayPromotePermission } from '@slipway/backstage-plugin-slipway-common';
import {
  PromotionRequest,
  PromotionResult,
  promotionTargets,
} from '@slipway/backstage-plugin-slipway-node';
import express from 'express';
import { z } from 'zod';
import { targetIdOf } from '../store/types';
import { parse, requireRecord, RouteContext } from './RouteContext';

const promoteBody = z
  .object({
    reason: z.string().max(500).optional(),
    from: z.string().min(1).optional(),
  })
  .default({});

export type Promote = (
  request: Omit<PromotionRequest, 'environments'>,
) => Promise<PromotionResult>;

/** Promoting the previous environment's version to this one, as a Git change. */
export function promotionRoutes(
  router: express.Router,
  ctx: RouteContext,
  promote: Promote,
) {
  const { store } = ctx.options;
  router.post(
    '/entities/:kind/:namespace/:name/environments/:environment/promote',
    async (req, res) => {
      const { entityRef, environment, targets, id } = await ctx.targetOf(req);
      const body = parse(promoteBody, req.body ?? {}, 'body');
      await ctx.requirePermission(req, slipwayPromotePermission, entityRef);
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
      const by = await ctx.userOf(req);
      let result: PromotionResult | undefined;
      await ctx.audited(
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
          result = await promote({
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
}
