import type { ConfigChange, GitCredentials } from '@slipway/engine';

/**
 * How a change reaches a config repository's branch: straight, or through review.
 *
 * @public
 */
export type ChangeMode = 'commit' | 'pull-request';

/**
 * The pull request a change to the config repository is proposed as, when it is not committed directly.
 *
 * @public
 */
export type PullRequestRequest = {
  /** The branch the change is pushed to; the same name on a retry reuses it. */
  branch: string;
  title: string;
  body: string;
};

/**
 * A change to write into a config repository: where, how (commit or pull request) and what.
 *
 * @public
 */
export type ConfigRepoWrite = {
  repository: string;
  /** The branch the environment follows. */
  branch: string;
  change: ConfigChange;
  mode: ChangeMode;
  pullRequest: PullRequestRequest;
};

/**
 * What a write to the config repository did: the commit, branch or pull request it made.
 *
 * @public
 */
export type ConfigRepoWriteResult = {
  /** `branch`: a Git server that is not GitHub got a branch to merge, and no pull request. */
  mode: ChangeMode | 'branch';
  /** False when the repository already held these contents: nothing was written. */
  changed: boolean;
  branch: string;
  revision?: string;
  /** The pull request, or the commit, on GitHub. */
  url?: string;
  pullRequestNumber?: number;
};

export type { ConfigChange, GitCredentials };

/**
 * The author of commits Slipway makes on its own: promotions without a requester, image updates, new services.
 *
 * @public
 */
export const SLIPWAY_COMMIT_AUTHOR = {
  name: 'Slipway',
  email: 'slipway@noreply.local',
};
