import path from 'node:path';

/** How to authenticate to a Git server over HTTPS. */
export type GitCredentials =
  | { type: 'token'; token: string }
  | { type: 'basic'; username: string; password: string };

/**
 * git options that send the credentials as an Authorization header for this
 * one command, so they are never written to the clone's config or shown in a URL.
 */
export function credentialArgs(credentials?: GitCredentials): string[] {
  if (!credentials) {
    return [];
  }
  const [user, secret] =
    credentials.type === 'token'
      ? ['x-access-token', credentials.token]
      : [credentials.username, credentials.password];
  const basic = Buffer.from(`${user}:${secret}`).toString('base64');
  return ['-c', `http.extraHeader=Authorization: Basic ${basic}`];
}

/** The URL as it may appear in logs and errors: without user or password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The URL git fetches from and pushes to: URLs as they are, local paths as file:// URLs. */
export function remoteUrl(url: string): string {
  return /^[a-z]+:\/\//.test(url) ? url : `file://${path.resolve(url)}`;
}
