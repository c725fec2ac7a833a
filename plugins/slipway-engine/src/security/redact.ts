/**
 * What stands in for a removed credential.
 *
 * @public
 */
export const REDACTED = '***';

// `Authorization: Basic abc`, `authorization=Bearer abc`, `"authorization":"token abc"`.
const AUTHORIZATION =
  /(authorization"?\s*[:=]\s*"?)(?:(basic|bearer|token|aws4-hmac-sha256)\s+)?[^\s"',;]+/gi;
// `https://user:token@host`: everything between the scheme and the @.
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi;

/**
 * A message as it may leave the engine (conditions, API answers, logs,
 * notifications): no Authorization header value, no user or password in a
 * URL, and none of the given secret values, also not in base64 (as git puts
 * a Basic credential on the wire).
 *
 * @public
 */
export function redactSecrets(
  text: string,
  secrets: Iterable<string | undefined> = [],
): string {
  let out = text
    .replace(AUTHORIZATION, (_m, prefix, scheme) =>
      scheme ? `${prefix}${scheme} ${REDACTED}` : `${prefix}${REDACTED}`,
    )
    .replace(URL_USER_INFO, `$1${REDACTED}@`);
  for (const secret of secrets) {
    // Short values would redact ordinary words; no credential is this short.
    if (secret && secret.length >= 6) {
      out = out.replaceAll(secret, REDACTED);
    }
  }
  return out;
}

/**
 * The URL as it may appear in logs, errors and API answers: without user or password.
 *
 * @public
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) {
      return url;
    }
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return redactSecrets(url);
  }
}
