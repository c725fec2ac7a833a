import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import {
  EnvironmentRenderError,
  EnvironmentSource,
  environmentImages,
  shortRevision,
} from '../images/environmentImages';
import { formatImageReference } from '../images/imageReference';
import { ImageChange, rewriteImages } from '../images/rewriteImages';
import type { RenderTools } from '../render/renderTools';
import { ChartValuesError, chartReleaseIn } from '../images/rewriteChartValues';
import {
  CHART_RELEASE_FILE,
  chartVersionChange,
  withChartVersion,
} from './chartVersionChange';

export type { EnvironmentSource };

/**
 * What promoting one environment's images to the next changes in Git.
 *
 * @public
 */
export type PromotionPlan = {
  /** The source environment's commit the images were read from. */
  sourceRevision: string;
  /** The head of the target's branch the files were computed on. */
  baseRevision: string;
  /** Paths from the target repository's root. */
  changes: ImageChange[];
  files: Record<string, string>;
};

/**
 * A promotion that cannot be made (the source is not Ready, no images to carry); the message says why.
 *
 * @public
 */
export class PromotionError extends Error {}

const short = shortRevision;

/** The images an environment runs at a revision; render failures become PromotionErrors. */
const imagesOf = (
  git: GitRepositoryCache,
  env: EnvironmentSource,
  revision: string,
  tools: RenderTools,
) =>
  environmentImages(git, env, revision, tools).catch(error => {
    throw error instanceof EnvironmentRenderError
      ? new PromotionError(error.message)
      : error;
  });

/**
 * Reads the images the source environment runs at a revision (its branch
 * head when none is given) from its rendered manifests, and computes the
 * edit that makes the target environment run the same ones. Only images the
 * target already runs are changed; an empty plan means nothing differs.
 *
 * @public
 */
export async function planPromotion(
  options: {
    git: GitRepositoryCache;
    from: EnvironmentSource & { revision?: string };
    to: EnvironmentSource;
  } & RenderTools,
): Promise<PromotionPlan> {
  const { git, from, to } = options;
  const sourceHead = await git.fetch(from.git);
  const sourceRevision = from.revision ?? sourceHead.revision;
  await git.ensureRevision(from.git, sourceRevision);
  const sourceImages = await imagesOf(git, from, sourceRevision, options);
  if (sourceImages.size === 0) {
    throw new PromotionError(
      `${from.environment} runs no container images at ${short(
        sourceRevision,
      )} (${from.path}): nothing to promote`,
    );
  }

  // Environments usually share one repository and branch: fetched once then.
  const sameSource =
    from.git.url === to.git.url && from.git.branch === to.git.branch;
  const base = sameSource ? sourceHead : await git.fetch(to.git);
  const targetImages = await imagesOf(git, to, base.revision, options);
  const shared = [...sourceImages.values()].filter(image =>
    targetImages.has(image.name),
  );
  if (shared.length === 0) {
    throw new PromotionError(
      `${to.environment} runs none of the images of ${from.environment} (${[
        ...sourceImages.keys(),
      ].join(', ')}): promote a service to an environment that deploys it`,
    );
  }
  const differing = shared.filter(
    image =>
      formatImageReference(image) !==
      formatImageReference(targetImages.get(image.name)!),
  );
  const tree = await git.tree(to.git, base.revision);
  const targetDir = path.join(tree, to.path);
  // A chart release carries its chart's version: the images the new version
  // brings by itself are left to it, not pinned in the values.
  const chart = await chartVersionChange(
    path.join(await git.tree(from.git, sourceRevision), from.path),
    targetDir,
  );
  const rewrite = await rewriteImages(targetDir, differing, {
    charts: options.charts,
    onlySetTags: chart !== undefined,
  }).catch(error => {
    throw error instanceof ChartValuesError
      ? new PromotionError(`${to.environment}: ${error.message}`)
      : error;
  });
  if (chart) {
    const current = rewrite.files[CHART_RELEASE_FILE];
    rewrite.files[CHART_RELEASE_FILE] = current
      ? withChartVersion(current, chart.to)
      : chart.text;
    rewrite.changes.push({
      file: CHART_RELEASE_FILE,
      name: 'chart',
      from: chart.from,
      to: chart.to,
    });
  }
  // An image whose field the rewrite cannot find must not read as "already runs it".
  const missed = differing.filter(
    image => !chart && !rewrite.changes.some(c => c.name === image.name),
  );
  if (missed.length > 0) {
    const how = (await chartReleaseIn(targetDir))
      ? `no repository value of ${CHART_RELEASE_FILE}'s images (image.repository by default) names it: list its value paths under images:`
      : `write each "image:" on a line of its own, or set the version in a kustomization's images:`;
    throw new PromotionError(
      `${to.environment} runs ${missed
        .map(i => i.name)
        .join(', ')} at another version, but no image field of it in ${
        to.path
      } can be rewritten: ${how}`,
    );
  }
  const inRepo = (file: string) => path.posix.join(to.path, file);
  return {
    sourceRevision,
    baseRevision: base.revision,
    changes: rewrite.changes.map(c => ({ ...c, file: inRepo(c.file) })),
    files: Object.fromEntries(
      Object.entries(rewrite.files).map(([file, text]) => [inRepo(file), text]),
    ),
  };
}

/**
 * The commit message of a promotion: what changed, from where, by whom and why.
 *
 * @public
 */
export function promotionMessage(options: {
  service: string;
  from: string;
  to: string;
  plan: PromotionPlan;
  by?: string;
  reason?: string;
}): string {
  const { plan } = options;
  const versions = plan.changes
    .map(c => `${c.from.replace(/^.*[/]/, '')} → ${c.to.replace(/^.*[/]/, '')}`)
    .join(', ');
  return [
    `Promote ${options.service} to ${options.to}: ${versions}`,
    '',
    `The images ${options.from} runs at ${short(plan.sourceRevision)}:`,
    ...plan.changes.map(c => `- ${c.file}: ${c.from} → ${c.to}`),
    ...(options.reason ? ['', `Reason: ${options.reason}`] : []),
    ...(options.by ? ['', `Requested by ${options.by} through Slipway.`] : []),
  ].join('\n');
}
