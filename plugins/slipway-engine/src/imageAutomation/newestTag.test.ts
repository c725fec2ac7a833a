import { newestTag } from './newestTag';

const policy = (p: object) => ({ pinDigest: false, ...p });

describe('newestTag', () => {
  it('takes the highest version in a semver range, with or without a leading v', () => {
    const tags = [
      '1.2.0',
      'v1.10.0',
      '1.9.3',
      '2.0.0',
      '1.11.0-rc.1',
      'latest',
      'main-abc',
    ];
    expect(newestTag(policy({ semver: '^1.0.0' }), tags)).toBe('v1.10.0');
    expect(newestTag(policy({ semver: '>=1.0.0' }), tags)).toBe('2.0.0');
    expect(newestTag(policy({ semver: '^3.0.0' }), tags)).toBeUndefined();
  });

  it('orders regex matches numerically, not as text', () => {
    const tags = ['build-9', 'build-10', 'build-2', 'other-99'];
    expect(
      newestTag(policy({ regex: '^build-(\\d+)$', order: 'numerical' }), tags),
    ).toBe('build-10');
    expect(
      newestTag(
        policy({ regex: '^build-(\\d+)$', order: 'alphabetical' }),
        tags,
      ),
    ).toBe('build-9');
  });

  it('orders by the timestamp in the named group', () => {
    const tags = [
      'main-3f2a1c9-1700000000',
      'main-9b8c7d6-1700003600',
      'main-0a1b2c3-20231114230000',
      'feature-x-1800000000',
    ];
    expect(
      newestTag(
        policy({
          regex: '^main-[0-9a-f]{7}-(?<version>\\d+)$',
          order: 'timestamp',
        }),
        tags,
      ),
    ).toBe('main-9b8c7d6-1700003600');
  });

  it('never picks a mutable tag, even when a policy would match it', () => {
    expect(
      newestTag(policy({ regex: '^[a-z]+$' }), ['latest', 'stable', 'zeta']),
    ).toBe('zeta');
  });

  it('runs a catastrophic pattern in linear time: 200 long tags in well under a second', () => {
    // (a+)+$ backtracks exponentially in JavaScript's engine on "aaa…ab".
    const tags = Array.from(
      { length: 200 },
      (_, i) => `${'a'.repeat(30 + i)}b`,
    );
    const started = performance.now();
    expect(newestTag(policy({ regex: '^(a+)+$' }), tags)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
