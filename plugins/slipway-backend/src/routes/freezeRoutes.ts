import {
  slipwayBreakGlassPermission,
  slipwayFreezePermission,
} from '@slipway/backstage-plugin-slipway-common';
import express from 'express';
import { z } from 'zod';
import {
  ENVIRONMENT_ROUTE,
  parse,
  reasonBody,
  RouteContext,
} from './RouteContext';

/** A person's freeze lasts at most this long; a longer one belongs in app-config as a window. */
const LONGEST_FREEZE_MS = 14 * 24 * 60 * 60 * 1000;

const requiredReason = z.string().trim().min(1, 'is required').max(500);

const freezeBody = z.object({
  until: z
    .string()
    .datetime({
      offset: true,
      message: 'must be a time such as 2026-12-24T18:00:00Z',
    })
    .transform(until => new Date(until))
    .refine(until => until.getTime() > Date.now(), 'must be in the future')
    .refine(
      until => until.getTime() <= Date.now() + LONGEST_FREEZE_MS,
      'must be within 14 days: a longer freeze is a window in app-config',
    ),
  reason: requiredReason,
});

const breakGlassBody = z.object({
  revision: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full commit SHA'),
  reason: requiredReason,
});

/**
 * Freeze now, its end, and break-glass: the apply of the one revision that
 * waits, to its own permission.
 */
export function freezeRoutes(router: express.Router, ctx: RouteContext) {
  router.post(`${ENVIRONMENT_ROUTE}/freeze`, async (req, res) => {
    const target = await ctx.targetOf(req);
    const { entityRef, environment } = target;
    const body = parse(freezeBody, req.body ?? {}, 'body');
    await ctx.requirePermission(req, slipwayFreezePermission, entityRef);
    const by = (await ctx.userOf(req)) ?? 'a service';
    await ctx.audited(
      req,
      'delivery-freeze',
      {
        entityRef,
        environment,
        until: body.until.toISOString(),
        reason: body.reason,
      },
      () => ctx.actions.freeze(target, { ...body, by }),
    );
    res.status(201).json({ until: body.until.toISOString() });
  });

  router.post(`${ENVIRONMENT_ROUTE}/unfreeze`, async (req, res) => {
    const target = await ctx.targetOf(req);
    const { entityRef, environment } = target;
    const body = parse(reasonBody, req.body ?? {}, 'body');
    await ctx.requirePermission(req, slipwayFreezePermission, entityRef);
    await ctx.audited(
      req,
      'delivery-unfreeze',
      { entityRef, environment, ...(body.reason && { reason: body.reason }) },
      () => ctx.actions.unfreeze(target),
    );
    res.json({ frozen: false });
  });

  router.post(`${ENVIRONMENT_ROUTE}/break-glass`, async (req, res) => {
    const target = await ctx.targetOf(req);
    const { entityRef, environment } = target;
    const body = parse(breakGlassBody, req.body ?? {}, 'body');
    await ctx.requirePermission(req, slipwayBreakGlassPermission, entityRef);
    const by = (await ctx.userOf(req)) ?? 'a service';
    await ctx.audited(
      req,
      'delivery-break-glass',
      { entityRef, environment, revision: body.revision, reason: body.reason },
      () => ctx.actions.breakGlass(target, body.revision, by),
    );
    res.status(202).json({ revision: body.revision });
  });
}
