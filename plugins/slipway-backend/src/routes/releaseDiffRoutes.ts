import { NotFoundError } from '@backstage/errors';
import type {
  DeliveryTarget,
  ReleaseDiff,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import {
  diffChartValues,
  diffRendered,
  type GitCredentials,
  GitRepositoryCache,
  PromiseCache,
  type RenderTools,
  type RenderedDirectory,
  renderRevision,
  shortRevision,
} from '@slipway/engine';
import express from 'express';
import { z } from 'zod';
import type { ReleaseStore } from '../store/ReleaseStore';
import {
  ENVIRONMENT_ROUTE,
  environmentParams,
  parse,
  RouteContext,
} from './RouteContext';

/** What rendering a past revision of a service needs. */
export type RevisionRenderDeps = {
  git: GitRepositoryCache;
  credentialsFor: (url: string) => Promise<GitCredentials | undefined>;
  /** kustomize, helm and remote charts: a past revision renders as the reconciler renders it. */
  tools: RenderTools;
  /** The installation's salt for masked values' hashes. */
  maskSalt?: string;
};

const diffParams = environmentParams.extend({
  releaseId: z.coerce.number().int().positive(),
});

/** Renders of (repository, revision, path) are immutable: the last ones are kept. */
const RENDERS_KEPT = 64;

/**
 * A release's change to what the service renders: both revisions rendered
 * as the reconciler renders them, compared object by object and field by
 * field, masked as drift diffs are. Anyone who may read the entity may
 * read it, as its release history.
 */
export function releaseDiffRoutes(
  router: express.Router,
  ctx: RouteContext,
  releases: ReleaseStore,
  deps: RevisionRenderDeps,
) {
  const renders = new PromiseCache<RenderedDirectory>({
    maxEntries: RENDERS_KEPT,
  });
  const render = (
    target: DeliveryTarget,
    env: SlipwayEnvironment | undefined,
    revision: string,
  ) =>
    renders.get(`${target.repository}\0${revision}\0${target.path}`, async () =>
      renderRevision({
        git: deps.git,
        source: {
          url: target.repository,
          branch: target.branch,
          credentials: await deps.credentialsFor(target.repository),
        },
        revision,
        path: target.path,
        ...deps.tools,
        kustomizeRemoteBases: env?.kustomize.remoteBases,
      }),
    );

  router.get(
    `${ENVIRONMENT_ROUTE}/releases/:releaseId/diff`,
    async (req, res) => {
      const { releaseId } = parse(diffParams, req.params, 'path');
      const { id, entityRef, environment, target } = await ctx.targetOf(req);
      const release = await releases.ofTarget(id, releaseId);
      if (!release) {
        throw new NotFoundError(
          `${entityRef} has no release ${releaseId} in ${environment}`,
        );
      }
      const previous = (await releases.previousOf(id, releaseId)) ?? null;
      const env = ctx.options.environments.find(e => e.name === environment);
      const [before, after] = await Promise.all([
        previous ? render(target, env, previous.revision) : undefined,
        render(target, env, release.revision),
      ]);
      const problems = [
        ...(before?.issues ?? []).map(
          i => `${shortRevision(previous!.revision)}: ${i.file}: ${i.message}`,
        ),
        ...after.issues.map(
          i => `${shortRevision(release.revision)}: ${i.file}: ${i.message}`,
        ),
      ];
      const masking = { rules: env?.mask, salt: deps.maskSalt };
      const body: ReleaseDiff = {
        release,
        previous,
        objects:
          problems.length > 0
            ? []
            : diffRendered(before?.manifests ?? [], after.manifests, masking),
        ...(problems.length > 0 && { problems }),
        ...(problems.length === 0 &&
          (before?.chart || after.chart) && {
            chart: {
              before: before?.chart ?? null,
              after: after.chart ?? null,
              values: diffChartValues(
                before?.chartValues,
                after.chartValues,
                masking,
              ),
            },
          }),
      };
      res.json(body);
    },
  );
}
