import { compileTagPattern, ImagePolicy, MUTABLE_TAGS } from '@slipway/model';
import semver from 'semver';

type Candidate = { tag: string; key: string | number };

/**
 * The tag a policy picks from a registry's tags: the highest version in
 * the semver range, or the greatest regex match by the policy's order.
 * Mutable tags (`latest`, `main`...) are never picked.
 *
 * @public
 */
export function newestTag(
  policy: ImagePolicy,
  tags: string[],
): string | undefined {
  const immutable = tags.filter(tag => !MUTABLE_TAGS.includes(tag));
  const candidates = policy.semver
    ? semverCandidates(policy.semver, immutable)
    : regexCandidates(policy, immutable);
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (!best || compare(policy, candidate, best) > 0) {
      best = candidate;
    }
  }
  return best?.tag;
}

function semverCandidates(range: string, tags: string[]): Candidate[] {
  return tags.flatMap(tag => {
    const version = semver.valid(tag.replace(/^v(?=\d)/, ''));
    return version && semver.satisfies(version, range)
      ? [{ tag, key: version }]
      : [];
  });
}

function regexCandidates(policy: ImagePolicy, tags: string[]): Candidate[] {
  const pattern = compileTagPattern(policy.regex!);
  return tags.flatMap(tag => {
    const text = pattern.versionOf(tag);
    if (text === undefined) {
      return [];
    }
    const key = orderKey(policy.order ?? 'alphabetical', text);
    return key === undefined ? [] : [{ tag, key }];
  });
}

function orderKey(
  order: NonNullable<ImagePolicy['order']>,
  text: string,
): string | number | undefined {
  if (order === 'alphabetical') {
    return text;
  }
  if (order === 'numerical') {
    const value = Number(text);
    return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
  }
  return timestampOf(text);
}

/** Epoch seconds or milliseconds, `YYYYMMDDHHmmss`, or an ISO-8601 / RFC 3339 date. */
function timestampOf(text: string): number | undefined {
  if (/^\d{10}$/.test(text)) {
    return Number(text) * 1000;
  }
  if (/^\d{13}$/.test(text)) {
    return Number(text);
  }
  const compact = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact;
    return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  }
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function compare(policy: ImagePolicy, a: Candidate, b: Candidate): number {
  if (policy.semver) {
    return semver.compare(a.key as string, b.key as string);
  }
  if (typeof a.key === 'number' && typeof b.key === 'number') {
    return a.key - b.key;
  }
  return String(a.key).localeCompare(String(b.key), 'en', {
    sensitivity: 'variant',
  });
}
