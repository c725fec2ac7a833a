import { ConflictError } from '@backstage/errors';
import type { DeliveryTarget } from '@slipway/backstage-plugin-slipway-common';
import {
  GitCredentials,
  GitRepositoryCache,
  planRestore,
  PromotionError,
  RestorePlan,
} from '@slipway/engine';
import { ConfigRepoWriter } from '../configRepo/ConfigRepoWriter';
import {
  type ConfigRepoWriteResult,
  SLIPWAY_COMMIT_AUTHOR,
} from '../configRepo/types';

/**
 * What restoring a service's directory needs: Git, where to write, and
 * the credentials of the config repository.
 *
 * @public
 */
export type RestoreDeps = {
  git: GitRepositoryCache;
  writer: ConfigRepoWriter;
  credentialsFor: (url: string) => Promise<GitCredentials | undefined>;
};

/**
 * A restore of a service's directory to an earlier revision, as written.
 *
 * @public
 */
export type RestoreResult = ConfigRepoWriteResult & {
  toRevision: string;
  /** The files the change writes (null: deleted). */
  files: string[];
};

/**
 * The edit restoring the target's directory to `toRevision` (nothing
 * outside it), computed on the branch head; a Conflict when it cannot be.
 *
 * @public
 */
export async function planServiceRestore(
  target: DeliveryTarget,
  toRevision: string,
  deps: Omit<RestoreDeps, 'writer'>,
): Promise<RestorePlan> {
  return planRestore({
    git: deps.git,
    source: {
      url: target.repository,
      branch: target.branch,
      credentials: await deps.credentialsFor(target.repository),
    },
    path: target.path,
    toRevision,
  }).catch(error => {
    throw error instanceof PromotionError
      ? new ConflictError(error.message)
      : error;
  });
}

/**
 * Restores the target's directory to an earlier revision as one Git
 * change: a commit, or a pull request (on a Git server that is not
 * GitHub, a branch) named `pullRequestBranch`. Shared by the revert after
 * a failed canary and the Roll back action. Writes nothing when the
 * directory already holds those contents.
 *
 * @public
 */
export async function restoreService(
  request: {
    target: DeliveryTarget;
    toRevision: string;
    mode: 'commit' | 'pull-request';
    /** The commit message; its first line titles the pull request. */
    message: string;
    pullRequestBranch: string;
    author?: { name: string; email: string };
  },
  deps: RestoreDeps,
): Promise<RestoreResult> {
  const { target, toRevision } = request;
  const plan = await planServiceRestore(target, toRevision, deps);
  const files = Object.keys(plan.files);
  if (files.length === 0) {
    return {
      mode: 'commit',
      changed: false,
      branch: target.branch,
      toRevision,
      files,
    };
  }
  const [title, , ...body] = request.message.split('\n');
  const written = await deps.writer.write({
    repository: target.repository,
    branch: target.branch,
    mode: request.mode,
    change: {
      files: plan.files,
      message: request.message,
      author: request.author ?? SLIPWAY_COMMIT_AUTHOR,
    },
    pullRequest: {
      branch: request.pullRequestBranch,
      title,
      body: body.join('\n'),
    },
  });
  return { ...written, toRevision, files };
}
