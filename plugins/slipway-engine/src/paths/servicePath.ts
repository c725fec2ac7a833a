import path from 'node:path';

/**
 * A service path that leaves the config repository or is not a relative path.
 *
 * @public
 */
export class InvalidServicePathError extends Error {}

/**
 * Resolves a path template such as `clusters/{environment}/{service}` to the
 * directory of one delivery target inside the config repository, refusing
 * anything that would escape the repository.
 *
 * @public
 */
export function servicePath(
  template: string,
  values: { environment: string; service: string },
): string {
  const unknown = template.match(/\{(?!environment\}|service\})[^}]*\}/);
  if (unknown) {
    throw new InvalidServicePathError(
      `path template "${template}" has unknown placeholder ${unknown[0]}; use {environment} and {service}`,
    );
  }
  const resolved = template
    .replaceAll('{environment}', values.environment)
    .replaceAll('{service}', values.service);
  const normalised = path.posix.normalize(resolved);
  if (
    path.posix.isAbsolute(normalised) ||
    normalised === '..' ||
    normalised.startsWith('../') ||
    resolved.split('/').includes('..')
  ) {
    throw new InvalidServicePathError(
      `path "${resolved}" (from template "${template}") leaves the config repository`,
    );
  }
  return normalised.replace(/\/$/, '');
}
