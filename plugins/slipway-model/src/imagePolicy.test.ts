import { describeImagePolicy, parseImagePolicy } from './imagePolicy';

const ANNOTATION = 'Annotation slipway.io/image-policy';

describe('parseImagePolicy', () => {
  it('reads an annotation written as YAML', () => {
    expect(parseImagePolicy('semver: ^1.4.0', ANNOTATION)).toEqual({
      ok: true,
      policy: { semver: '^1.4.0', pinDigest: false },
    });
    const regex = parseImagePolicy(
      "{ image: ghcr.io/acme/web, regex: '^main-[0-9a-f]{7}-(?<version>[0-9]+)$', order: timestamp, pinDigest: true, mode: commit }",
      ANNOTATION,
    );
    expect(regex.ok && describeImagePolicy(regex.policy)).toBe(
      'regex ^main-[0-9a-f]{7}-(?<version>[0-9]+)$ (timestamp), pinned by digest',
    );
  });

  it.each([
    ['latest', 'is "latest": a tag that moves cannot be pinned in Git'],
    [
      "regex: '^(latest|stable)$'",
      'regex accepts the mutable tags latest, stable',
    ],
    ['regex: .*', 'regex accepts the mutable tags latest, main, master'],
    [
      'image: ghcr.io/acme/web:latest',
      'image must name the image repository without a tag',
    ],
    [
      '{ semver: ^1.0.0, image: ghcr.io/acme/web:latest }',
      'image must name the image repository without a tag',
    ],
    [
      'semver: not-a-range',
      'semver is not a semver range (for example ^1.4.0 or >=1.0.0 <2) (got "not-a-range")',
    ],
    [
      "regex: '(unclosed'",
      'regex is not a regular expression Slipway runs (RE2 syntax, no backreferences or lookaround): missing closing )',
    ],
    [
      "regex: '^(a+)\\1$'",
      'regex is not a regular expression Slipway runs (RE2 syntax, no backreferences or lookaround): invalid escape sequence',
    ],
    [
      '{ semver: ^1.0.0, regex: ^v }',
      'must set exactly one of semver and regex',
    ],
    [
      '{ semver: ^1.0.0, order: numerical }',
      'order applies to regex policies only',
    ],
    [
      '{ semver: ^1.0.0, tagFilter: x }',
      "Unrecognized key(s) in object: 'tagFilter'",
    ],
    ['semver: [1', 'is not YAML'],
    ['^1.0.0', 'must be a mapping such as "semver: ^1.0.0"'],
  ])('refuses %s with a message naming the field', (raw, message) => {
    const result = parseImagePolicy(raw, ANNOTATION);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
    expect(!result.ok && result.message).toMatch(
      /^Annotation slipway.io\/image-policy/,
    );
  });

  it('reads a policy object from app-config', () => {
    expect(
      parseImagePolicy(
        { regex: '^build-(\\d+)$', order: 'numerical' },
        'slipway.environments[0].imageAutomation.policy',
      ),
    ).toEqual({
      ok: true,
      policy: { regex: '^build-(\\d+)$', order: 'numerical', pinDigest: false },
    });
  });
});
