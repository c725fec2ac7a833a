import { ChartValuesError, chartReleaseIn } from '../images/rewriteChartValues';
import type { RenderTools } from '../render/renderTools';
import { describeImagePolicy, ImagePolicy, MUTABLE_TAGS } from '@slipway/model';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import {
  EnvironmentSource,
  environmentImages,
  shortRevision,
} from '../images/environmentImages';
import { findKustomization } from '../render/kustomizeBuild';
import { formatImageReference, ImageReference } from '../images/imageReference';
import {
  IMAGE_MARKER,
  ImageChange,
  rewriteImages,
} from '../images/rewriteImages';
import { newestTag } from './newestTag';
import { ImageRegistries } from './registries/ImageRegistries';

/**
 * The policy cannot apply to this environment as its manifests stand.
 *
 * @public
 */
export class ImageAutomationError extends Error {}

/**
 * What image automation would change in one environment now.
 *
 * @public
 */
export type ImageUpdatePlan = {
  /** The image name the policy governs. */
  image: string;
  /** The newest image the registry has that the policy accepts; undefined when no tag matches. */
  newest?: ImageReference;
  /** The image the environment's branch head runs. */
  inGit: ImageReference;
  /** Why nothing is written although the registry has a newer image: Git holds a version outside the policy. */
  held?: string;
  baseRevision: string;
  /** Paths from the repository's root; empty when Git already has the newest. */
  changes: ImageChange[];
  files: Record<string, string>;
};

/**
 * Reads the image's tags from its registry, picks the newest the policy
 * accepts, and computes the edit that makes the environment's manifests at
 * its branch head run it: the kustomization's `images:` entry, or in plain
 * manifests the `image:` lines marked `# slipway:image`. A version Git
 * already has, or a lower one the policy also accepts, gives no edit, so
 * automation never goes back nor commits twice; nor does a version outside
 * the policy (`held`), which someone set by hand.
 *
 * @public
 */
export async function planImageUpdate(
  options: {
    git: GitRepositoryCache;
    target: EnvironmentSource;
    policy: ImagePolicy;
    registries: ImageRegistries;
    /** Reuse a fetch of the branch this recent: the environments of one repository are checked together. */
    fetchMaxAgeMs?: number;
  } & RenderTools,
): Promise<ImageUpdatePlan> {
  const { git, target, policy } = options;
  const head = await git.fetch(target.git, { maxAgeMs: options.fetchMaxAgeMs });
  const images = await environmentImages(git, target, head.revision, options);
  const image = policy.image ?? onlyImage(target, images, head.revision);
  const inGit = images.get(image);
  if (!inGit) {
    throw new ImageAutomationError(
      `${target.environment} does not run ${image} at ${shortRevision(
        head.revision,
      )} (it runs ${
        [...images.keys()].join(', ') || 'no images'
      }): the policy's image must be one of them`,
    );
  }
  const plan: ImageUpdatePlan = {
    image,
    inGit,
    baseRevision: head.revision,
    changes: [],
    files: {},
  };
  const { registry, repository } = options.registries.forImage(image);
  const tags = await registry.listTags(repository);
  const tag = newestTag(
    policy,
    tags.map(t => t.tag),
  );
  if (!tag) {
    return plan;
  }
  const digest = policy.pinDigest
    ? tags.find(t => t.tag === tag)?.digest ??
      (await registry.digestOf(repository, tag))
    : undefined;
  plan.newest = { name: image, tag, ...(digest && { digest }) };
  if (pinnedByHand(policy, inGit)) {
    plan.held = `${target.environment} runs ${formatImageReference(
      inGit,
    )}, which the policy (${describeImagePolicy(
      policy,
    )}) does not accept: a version set by hand is left alone until Git holds one the policy accepts`;
    return plan;
  }
  const stillNewer =
    inGit.tag && newestTag(policy, [inGit.tag, tag]) === inGit.tag;
  if (
    formatImageReference(plan.newest) === formatImageReference(inGit) ||
    (stillNewer && inGit.tag !== tag)
  ) {
    return plan;
  }
  const tree = await git.tree(target.git, head.revision);
  const dir = path.join(tree, target.path);
  const rewrite = await rewriteImages(dir, [plan.newest], {
    onlyMarked: true,
    charts: options.charts,
  }).catch(error => {
    throw error instanceof ChartValuesError
      ? new ImageAutomationError(`${target.environment}: ${error.message}`)
      : error;
  });
  if (rewrite.changes.length === 0 && (await chartReleaseIn(dir))) {
    throw new ImageAutomationError(
      `${target.environment}'s chart release (${target.path}) names ${image} in no repository value of its images (image.repository by default): set the repository in its values, or list the value paths under images:`,
    );
  }
  if (rewrite.changes.length === 0 && !(await findKustomization(dir))) {
    throw new ImageAutomationError(
      `${target.environment}'s manifests (${
        target.path
      }) are plain YAML with no image line marked for automation: end the line "image: ${formatImageReference(
        inGit,
      )}" with "# ${IMAGE_MARKER}"`,
    );
  }
  const inRepo = (file: string) => path.posix.join(target.path, file);
  plan.changes = rewrite.changes.map(c => ({ ...c, file: inRepo(c.file) }));
  plan.files = Object.fromEntries(
    Object.entries(rewrite.files).map(([file, text]) => [inRepo(file), text]),
  );
  return plan;
}

/**
 * A version in Git that the policy does not accept was put there by hand
 * (a hotfix, a rollback): automation leaves it alone rather than take it
 * back. A moving tag (`latest`) or none is no such pin.
 */
function pinnedByHand(policy: ImagePolicy, inGit: ImageReference): boolean {
  return (
    inGit.tag !== undefined &&
    !MUTABLE_TAGS.includes(inGit.tag) &&
    newestTag(policy, [inGit.tag]) === undefined
  );
}

function onlyImage(
  target: EnvironmentSource,
  images: Map<string, ImageReference>,
  revision: string,
): string {
  if (images.size !== 1) {
    throw new ImageAutomationError(
      `${target.environment} runs ${images.size} images at ${shortRevision(
        revision,
      )} (${
        [...images.keys()].join(', ') || 'none'
      }): name the one to automate in the policy's image`,
    );
  }
  return [...images.keys()][0];
}

/**
 * The commit message of an automated update: old → new, and the policy that chose it.
 *
 * @public
 */
export function imageUpdateMessage(options: {
  service: string;
  environment: string;
  plan: ImageUpdatePlan;
  policy: ImagePolicy;
  registry: string;
}): string {
  const { plan } = options;
  const change = plan.changes[0];
  const from = change?.from ?? formatImageReference(plan.inGit);
  const to = formatImageReference(plan.newest!);
  return [
    `Update ${options.service} in ${options.environment}: ${from} → ${to}`,
    '',
    `Image automation found ${to} in ${
      options.registry
    }, the newest tag its policy (${describeImagePolicy(
      options.policy,
    )}) accepts.`,
    ...plan.changes.map(c => `- ${c.file}: ${c.from} → ${c.to}`),
  ].join('\n');
}
