import semver from 'semver';

/**
 * A chart that cannot be had: no such version, a repository or registry
 * that refuses, a download that is not what it says. Its message names the
 * chart and never a credential.
 *
 * @public
 */
export class ChartError extends Error {}

/** The newest versions, for a message saying what there is. */
const newest = (versions: string[]) =>
  [...versions]
    .sort((a, b) => semver.rcompare(a, b))
    .slice(0, 5)
    .join(', ');

/**
 * The version a chart release asks for among those published: the exact
 * one, or the highest in a semver range.
 */
export function pickChartVersion(
  published: string[],
  wanted: string,
  what: string,
): string {
  const valid = published.filter(v => semver.valid(v) !== null);
  const picked = semver.valid(wanted)
    ? valid.find(v => semver.eq(v, wanted))
    : semver.maxSatisfying(valid, wanted) ?? undefined;
  if (!picked) {
    throw new ChartError(
      `${what} has no version ${
        semver.valid(wanted) ? wanted : `in ${wanted}`
      } (newest: ${newest(valid) || 'none'})`,
    );
  }
  return picked;
}
