import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { GithubRepository } from './githubRepository';

type OctokitError = {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
};

/**
 * GitHub says no more requests until the rate limit resets.
 *
 * @public
 */
export class GithubRateLimitError extends Error {
  constructor(
    message: string,
    /** When GitHub lets the integration's token call again. */
    readonly resetAt: Date,
  ) {
    super(message);
  }
}

/**
 * Turns GitHub's REST errors into messages a platform engineer can act on:
 * which repository, what GitHub said, and when to try again.
 */
export function explainGithubError(
  error: unknown,
  repository: GithubRepository,
  doing: string,
): Error {
  const e = error as OctokitError;
  const name = `${repository.host}/${repository.owner}/${repository.repo}`;
  const headers = e.response?.headers ?? {};
  if (
    (e.status === 403 || e.status === 429) &&
    (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'])
  ) {
    const reset = headers['x-ratelimit-reset']
      ? new Date(Number(headers['x-ratelimit-reset']) * 1000)
      : new Date(Date.now() + Number(headers['retry-after'] ?? 60) * 1000);
    const seconds = Math.max(
      0,
      Math.round((reset.getTime() - Date.now()) / 1000),
    );
    return new GithubRateLimitError(
      `GitHub's API rate limit for ${
        repository.host
      } is used up while ${doing} on ${name}; it resets at ${reset.toISOString()} (in ${seconds} s). Run it again after that.`,
      reset,
    );
  }
  if (e.status === 404) {
    return new NotFoundError(
      `GitHub repository ${name} was not found while ${doing}, or the credentials of integrations.github for ${repository.host} cannot see it`,
    );
  }
  if (e.status === 401 || e.status === 403) {
    return new NotAllowedError(
      `GitHub refused ${doing} on ${name} (${e.status}: ${e.message}); check the token or GitHub App of integrations.github for ${repository.host}`,
    );
  }
  return new Error(
    `GitHub failed ${doing} on ${name}: ${e.status ?? ''} ${
      e.message ?? error
    }`.trim(),
  );
}
