/**
 * How a release came to an environment: a commit someone pushed, or a
 * change Slipway wrote (image automation, promotion, rollback, the revert
 * after a failed canary).
 *
 * @public
 */
export type ReleaseOrigin =
  | 'commit'
  | 'image-automation'
  | 'promotion'
  | 'rollback'
  | 'revert';

const KINDS: ReleaseOrigin[] = [
  'image-automation',
  'promotion',
  'rollback',
  'revert',
];
/** The branch prefix of each kind of change Slipway proposes as a pull request. */
const BRANCH_KINDS: Record<string, ReleaseOrigin> = {
  image: 'image-automation',
  promote: 'promotion',
  rollback: 'rollback',
  revert: 'revert',
};
/** A merge of one of those branches, as GitHub (`Merge pull request #12 from org/slipway/rollback-…`) and GitLab (`Merge branch 'slipway/rollback-…'`) title it. */
const MERGED_BRANCH =
  /^Merge (?:pull request #\d+ from [^\s/]+\/|branch ')slipway\/(image|promote|rollback|revert)-/;
const CHANGE = 'Slipway-Change';
const REQUESTED_BY = 'Slipway-Requested-By';

/**
 * The Git trailers Slipway ends its commit messages with: what kind of
 * change it is and who asked, so a release says how it came.
 *
 * @public
 */
export function withChangeTrailers(
  message: string,
  kind: Exclude<ReleaseOrigin, 'commit'>,
  requestedBy?: string,
): string {
  const trailers = [`${CHANGE}: ${kind}`];
  if (requestedBy) {
    trailers.push(`${REQUESTED_BY}: ${requestedBy.replace(/\s+/g, ' ')}`);
  }
  return `${message.trimEnd()}\n\n${trailers.join('\n')}`;
}

/**
 * How a release came, read from its commit message's trailers (the last
 * paragraph), or, for the merge of a pull request Slipway opened, from its
 * branch's name (who asked is then not known); any other commit is a
 * `commit`.
 *
 * @public
 */
export function releaseOriginOf(message: string): {
  origin: ReleaseOrigin;
  requestedBy: string | null;
} {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs.length > 1 ? paragraphs[paragraphs.length - 1] : '';
  const value = (key: string) =>
    last
      .split('\n')
      .find(line => line.startsWith(`${key}: `))
      ?.slice(key.length + 2)
      .trim();
  const kind = value(CHANGE) as ReleaseOrigin | undefined;
  if (kind && KINDS.includes(kind)) {
    return { origin: kind, requestedBy: value(REQUESTED_BY) ?? null };
  }
  const merged = MERGED_BRANCH.exec(message)?.[1];
  return {
    origin: merged ? BRANCH_KINDS[merged] : 'commit',
    requestedBy: null,
  };
}
