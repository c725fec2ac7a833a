import { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { formatIssue } from '../render/manifest';
import { renderDirectory } from '../render/renderDirectory';
import type { RenderTools } from '../render/renderTools';
import { containerImages } from './containerImages';
import { ImageReference } from './imageReference';

/**
 * An environment's directory in its config repository.
 *
 * @public
 */
export type EnvironmentSource = {
  environment: string;
  git: GitSource;
  path: string;
};

/**
 * The environment's manifests do not render at that revision.
 *
 * @public
 */
export class EnvironmentRenderError extends Error {}

/**
 * A commit as Slipway's messages name it: its first 12 characters.
 *
 * @public
 */
export const shortRevision = (revision: string) => revision.slice(0, 12);

/**
 * The container images an environment's manifests run at a revision, by image name.
 *
 * @public
 */
export async function environmentImages(
  git: GitRepositoryCache,
  env: EnvironmentSource,
  revision: string,
  tools: RenderTools = {},
): Promise<Map<string, ImageReference>> {
  const tree = await git.tree(env.git, revision);
  const rendered = await renderDirectory({ tree, path: env.path, ...tools });
  if (rendered.issues.length > 0) {
    throw new EnvironmentRenderError(
      `cannot render ${env.environment} at ${shortRevision(
        revision,
      )}: ${rendered.issues.map(formatIssue).join('; ')}`,
    );
  }
  return containerImages(rendered.manifests.map(m => m.object));
}
