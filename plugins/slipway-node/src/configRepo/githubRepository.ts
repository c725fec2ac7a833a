/** A GitHub repository named by its clone or web URL. */
export type GithubRepository = { host: string; owner: string; repo: string };

/** `https://github.com/acme/config(.git)` → { host, owner, repo }; undefined for other URLs. */
export function parseGithubRepository(
  url: string,
): GithubRepository | undefined {
  const match = /^https?:\/\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
    url,
  );
  return match
    ? { host: match[1], owner: match[2], repo: match[3] }
    : undefined;
}
