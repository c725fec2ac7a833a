import { Octokit } from '@octokit/rest';
import type { ConfigChange } from '@slipway/engine';
import { explainGithubError } from './githubErrors';
import { GithubRepository } from './githubRepository';
import type { ConfigRepoWriteResult, PullRequestRequest } from './types';

type Api = { octokit: Octokit; repository: GithubRepository };

async function call<T>(
  api: Api,
  doing: string,
  request: () => Promise<{ data: T }>,
): Promise<T> {
  try {
    return (await request()).data;
  } catch (error) {
    throw explainGithubError(error, api.repository, doing);
  }
}

const status = (error: unknown) => (error as { status?: number }).status;

/**
 * A commit with the change on top of the head of `base`, made through
 * GitHub's Git data API (no clone); undefined when the files already hold
 * these contents.
 */
async function commitOnHead(
  api: Api,
  base: string,
  change: ConfigChange,
): Promise<{ sha: string; parent: string } | undefined> {
  const { octokit, repository } = api;
  const repo = { owner: repository.owner, repo: repository.repo };
  const head = await call(api, `reading branch ${base}`, () =>
    octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` }),
  );
  const parent = head.object.sha;
  const parentCommit = await call(api, `reading commit ${parent}`, () =>
    octokit.rest.git.getCommit({ ...repo, commit_sha: parent }),
  );
  const tree = await call(api, 'writing the tree', () =>
    octokit.rest.git.createTree({
      ...repo,
      base_tree: parentCommit.tree.sha,
      tree: Object.entries(change.files).map(([path, content]) =>
        content === null
          ? { path, mode: '100644' as const, type: 'blob' as const, sha: null }
          : { path, mode: '100644' as const, type: 'blob' as const, content },
      ),
    }),
  );
  if (tree.sha === parentCommit.tree.sha) {
    return undefined;
  }
  const commit = await call(api, 'writing the commit', () =>
    octokit.rest.git.createCommit({
      ...repo,
      message: change.message,
      tree: tree.sha,
      parents: [parent],
      author: change.author,
    }),
  );
  return { sha: commit.sha, parent };
}

/** Commits straight onto the branch; a race with another push is redone once on the new head. */
export async function commitToGithubBranch(
  api: Api,
  branch: string,
  change: ConfigChange,
): Promise<ConfigRepoWriteResult> {
  const repo = { owner: api.repository.owner, repo: api.repository.repo };
  for (let attempt = 1; ; attempt++) {
    const commit = await commitOnHead(api, branch, change);
    if (!commit) {
      return { mode: 'commit', changed: false, branch };
    }
    try {
      await api.octokit.rest.git.updateRef({
        ...repo,
        ref: `heads/${branch}`,
        sha: commit.sha,
        force: false,
      });
      return {
        mode: 'commit',
        changed: true,
        branch,
        revision: commit.sha,
        url: `https://${api.repository.host}/${repo.owner}/${repo.repo}/commit/${commit.sha}`,
      };
    } catch (error) {
      if (status(error) !== 422 || attempt >= 2) {
        throw explainGithubError(
          error,
          api.repository,
          `updating branch ${branch}`,
        );
      }
    }
  }
}

/**
 * Puts the change on a branch of its own and opens a pull request for it.
 * A retry finds its branch (GitHub answers 422 to creating it again) and
 * moves it to the new commit, and finds its open pull request instead of
 * opening a second one.
 */
export async function openGithubPullRequest(
  api: Api,
  base: string,
  change: ConfigChange,
  pullRequest: PullRequestRequest,
): Promise<ConfigRepoWriteResult> {
  const { octokit, repository } = api;
  const repo = { owner: repository.owner, repo: repository.repo };
  await call(api, 'reading the repository', () => octokit.rest.repos.get(repo));
  const commit = await commitOnHead(api, base, change);
  if (!commit) {
    return { mode: 'pull-request', changed: false, branch: pullRequest.branch };
  }
  try {
    await octokit.rest.git.createRef({
      ...repo,
      ref: `refs/heads/${pullRequest.branch}`,
      sha: commit.sha,
    });
  } catch (error) {
    if (status(error) !== 422) {
      throw explainGithubError(
        error,
        repository,
        `creating branch ${pullRequest.branch}`,
      );
    }
    await call(api, `moving branch ${pullRequest.branch}`, () =>
      octokit.rest.git.updateRef({
        ...repo,
        ref: `heads/${pullRequest.branch}`,
        sha: commit.sha,
        force: true,
      }),
    );
  }
  const [open] = await call(api, 'looking for its pull request', () =>
    octokit.rest.pulls.list({
      ...repo,
      head: `${repo.owner}:${pullRequest.branch}`,
      base,
      state: 'open',
    }),
  );
  const pull =
    open ??
    (await call(api, 'opening the pull request', () =>
      octokit.rest.pulls.create({
        ...repo,
        head: pullRequest.branch,
        base,
        title: pullRequest.title,
        body: pullRequest.body,
      }),
    ));
  return {
    mode: 'pull-request',
    changed: true,
    branch: pullRequest.branch,
    revision: commit.sha,
    url: pull.html_url,
    pullRequestNumber: pull.number,
  };
}
