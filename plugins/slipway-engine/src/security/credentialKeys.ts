/**
 * Keys whose values are treated as credentials wherever values are free
 * form (a chart's values): `password`, `dbPassword`, `client_secret`,
 * `apiKey`, `privateKey`, `accessKey`, `token`…
 */
export const CREDENTIAL_KEY =
  /(password|passwd|secret|token|credentials?|api[-_]?key|private[-_]?key|access[-_]?key)$/i;

/** Every path in a value (`a.b`, `a[0].b`) whose last key looks like a credential's. */
export function credentialPaths(
  value: unknown,
  path: Array<string | number> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => credentialPaths(v, [...path, i]));
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  return Object.entries(value).flatMap(([key, v]) =>
    CREDENTIAL_KEY.test(key)
      ? [[...path, key]]
      : credentialPaths(v, [...path, key]),
  );
}

/** A path as diffs name fields: `a.b`, `a[0].b`. */
export const fieldPath = (path: Array<string | number>) =>
  path
    .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
