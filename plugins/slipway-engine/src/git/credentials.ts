import path from 'node:path';
import { redactSecrets, redactUrl } from '../security/redact';

/**
 * How to authenticate to a Git server over HTTPS.
 *
 * @public
 */
export type GitCredentials =
  | { type: 'token'; token: string }
  | { type: 'basic'; username: string; password: string };

function basicOf(credentials: GitCredentials): string {
  const [user, secret] =
    credentials.type === 'token'
      ? ['x-access-token', credentials.token]
      : [credentials.username, credentials.password];
  return Buffer.from(`${user}:${secret}`).toString('base64');
}

/**
 * Environment variables that make git send the credentials as an
 * Authorization header for one command. They are never on its command line
 * (which a timeout, `ps` or an error message would show), in the clone's
 * config or in a URL.
 */
export function credentialEnv(
  credentials?: GitCredentials,
): Record<string, string> {
  if (!credentials) {
    return {};
  }
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basicOf(credentials)}`,
  };
}

/** Every form in which these credentials could appear in git's output. */
function credentialSecrets(credentials?: GitCredentials): string[] {
  if (!credentials) {
    return [];
  }
  const own =
    credentials.type === 'token' ? [credentials.token] : [credentials.password];
  return [...own, basicOf(credentials)];
}

/** A message with these credentials (in every form) and any other credential removed. */
export function redactCredentials(
  message: string,
  credentials?: GitCredentials,
): string {
  return redactSecrets(message, credentialSecrets(credentials));
}

/**
 * Credentials written into a URL (`https://user:token@host/repo`) as git
 * credentials, so the URL given to git carries none.
 *
 * @public
 */
export function urlCredentials(url: string): GitCredentials | undefined {
  try {
    const { username, password } = new URL(url);
    if (password) {
      return {
        type: 'basic',
        username: decodeURIComponent(username),
        password: decodeURIComponent(password),
      };
    }
    return username
      ? { type: 'token', token: decodeURIComponent(username) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL git fetches from and pushes to: URLs without user-info (it goes
 * in a header, see urlCredentials), local paths as file:// URLs.
 */
export function remoteUrl(url: string): string {
  return /^[a-z]+:\/\//.test(url)
    ? redactUrl(url)
    : `file://${path.resolve(url)}`;
}
