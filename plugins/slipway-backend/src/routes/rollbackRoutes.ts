import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  type Release,
  SERVED_RELEASE_VERDICTS,
  slipwayRollbackPermission,
  withChangeTrailers,
} from '@slipway/backstage-plugin-slipway-common';
import {
  planServiceRestore,
  restoreService,
  type RestoreDeps,
  type RestoreResult,
} from '@slipway/backstage-plugin-slipway-node';
import { maskConfigFile, shortRevision } from '@slipway/engine';
import express, { Request } from 'express';
import { z } from 'zod';
import type { ReleaseStore } from '../store/ReleaseStore';
import {
  type CanaryDeps,
  canariesToSkip,
  skipAnalysisOf,
} from '../canary/skipAnalysisOf';
import {
  ENVIRONMENT_ROUTE,
  environmentParams,
  parse,
  RouteContext,
} from './RouteContext';

const releaseParams = environmentParams.extend({
  releaseId: z.coerce.number().int().positive(),
});

const rollbackBody = z.object({
  releaseId: z.number().int().positive(),
  reason: z.string().trim().min(1, 'is required').max(500),
  /** Promote the release's version without a canary analysis: only one that passed one. */
  skipAnalysis: z.boolean().default(false),
});

function rollbackMessage(
  release: Release,
  path: string,
  reason: string,
  by: string,
) {
  return [
    `Roll back ${release.service} in ${release.environment} to ${shortRevision(
      release.revision,
    )}`,
    '',
    // One paragraph: a reason cannot add lines (trailers) of its own.
    reason.replace(/\s*[\r\n]+\s*/g, ' '),
    '',
    `Requested by ${by}. Restores ${path} to ${release.revision} ("${
      release.message.split('\n')[0]
    }"), the release of ${release.images.join(', ')} applied ${
      release.appliedAt
    }.`,
  ].join('\n');
}

/** A file of a preview as a person may see it: Secret values masked, other than YAML not at all. */
function shownFile(path: string, before: string | null, after: string | null) {
  const mask = (text: string | null) =>
    text === null ? null : maskConfigFile(path, text);
  const [maskedBefore, maskedAfter] = [mask(before), mask(after)];
  const shown = maskedBefore !== undefined && maskedAfter !== undefined;
  return shown
    ? { path, shown, before: maskedBefore, after: maskedAfter }
    : { path, shown };
}

/**
 * The release rolled back from (the environment's newest) holds its images
 * there, unless the release rolled back to runs them too.
 */
async function holdRolledBack(
  releases: ReleaseStore,
  targetId: string,
  to: Release,
  by: string,
  reason: string,
) {
  const [newest] = await releases.list([targetId], { limit: 1 });
  if (
    newest &&
    newest.id !== to.id &&
    newest.images.some(image => !to.images.includes(image))
  ) {
    await releases.hold(newest.id, by, reason, Date.now());
  }
}

/**
 * Rolling an environment back to an earlier release of the service, as a
 * Git change restoring only the service's directory (a commit or a pull
 * request, as the environment's promotion.mode says): a preview of the
 * diff, then the change with a reason.
 */
export function rollbackRoutes(
  router: express.Router,
  ctx: RouteContext,
  releases: ReleaseStore,
  deps: RestoreDeps & { canaries?: CanaryDeps },
) {
  async function releaseOf(req: Request, releaseId: number) {
    const target = await ctx.targetOf(req);
    await ctx.requirePermission(
      req,
      slipwayRollbackPermission,
      target.entityRef,
    );
    const release = await releases.ofTarget(target.id, releaseId);
    if (!release) {
      throw new NotFoundError(
        `${target.entityRef} has no release ${releaseId} in ${target.environment}`,
      );
    }
    if (!SERVED_RELEASE_VERDICTS.includes(release.verdict)) {
      throw new ConflictError(
        `release ${releaseId} (${shortRevision(release.revision)}) is ${
          release.verdict
        }: roll back to a release that served`,
      );
    }
    const mode =
      ctx.options.environments.find(e => e.name === target.environment)
        ?.promotion?.mode ?? 'pull-request';
    return { ...target, release, mode };
  }

  router.get(`${ENVIRONMENT_ROUTE}/rollback/:releaseId`, async (req, res) => {
    const { releaseId } = parse(releaseParams, req.params, 'path');
    const { target, release, mode } = await releaseOf(req, releaseId);
    const plan = await planServiceRestore(target, release.revision, deps);
    res.json({
      release,
      mode,
      baseRevision: plan.baseRevision,
      files: Object.entries(plan.files).map(([path, after]) =>
        shownFile(path, plan.before[path], after),
      ),
    });
  });

  router.post(`${ENVIRONMENT_ROUTE}/rollback`, async (req, res) => {
    const body = parse(rollbackBody, req.body ?? {}, 'body');
    const { entityRef, environment, id, target, release, mode } =
      await releaseOf(req, body.releaseId);
    const by = (await ctx.userOf(req)) ?? 'a service';
    const canaries = body.skipAnalysis
      ? await canariesToSkip(deps.canaries, release, target)
      : [];
    let result: RestoreResult | undefined;
    await ctx.audited(
      req,
      'delivery-rollback',
      {
        entityRef,
        environment,
        toRevision: release.revision,
        images: release.images.join(', '),
        reason: body.reason,
        skipAnalysis: String(body.skipAnalysis),
      },
      async () => {
        // Before the change reaches Git, so its run finds the request when it begins.
        await skipAnalysisOf(deps.canaries, canaries, {
          images: release.images,
          requestedBy: by,
          requestedAt: new Date().toISOString(),
        });
        result = await restoreService(
          {
            target,
            toRevision: release.revision,
            mode,
            message: withChangeTrailers(
              rollbackMessage(release, target.path, body.reason, by),
              'rollback',
              by,
            ),
            pullRequestBranch: `slipway/rollback-${target.service}-in-${environment}`,
          },
          deps,
        );
        if (result.changed) {
          await holdRolledBack(releases, id, release, by, body.reason);
        }
        if (result.changed && result.mode === 'commit') {
          await ctx.options.store.requestSync(
            { ids: [id] },
            'rollback',
            Date.now(),
          );
        }
      },
    );
    res.status(result!.changed ? 201 : 200).json({
      ...result,
      analysisSkippedBy: canaries.map(c => `${c.namespace}/${c.name}`),
    });
  });
}
