import { freezeOf, frozenSentence } from './freezeOf';

const HOUR = 60 * 60 * 1000;
const now = new Date('2026-12-05T10:00:00Z');
const weekend = {
  name: 'weekend',
  start: '0 17 * * 5',
  duration: '62h',
  timeZone: 'UTC',
};
const target = (
  manualUntil?: number,
  windows = [weekend],
  waiting?: { revision: string },
) => ({
  spec: { freezeWindows: windows } as any,
  manualFreeze:
    manualUntil === undefined
      ? undefined
      : {
          since: now.getTime() - HOUR,
          until: manualUntil,
          by: 'user:default/ada',
          reason: 'release day',
        },
  status: waiting && {
    inventory: [],
    health: [],
    conditions: [],
    waiting: {
      ...waiting,
      commit: { message: 'web 2', author: 'Ada', committedAt: '' },
    },
  },
});

describe('freezeOf', () => {
  it('takes whichever of the window and the Freeze now lasts longer', () => {
    expect(freezeOf(target(now.getTime() + HOUR), now)).toEqual({
      kind: 'window',
      reason: 'weekend',
      since: '2026-12-04T17:00:00.000Z',
      until: '2026-12-07T07:00:00.000Z',
    });
    expect(
      freezeOf(target(Date.parse('2026-12-08T00:00:00Z')), now),
    ).toMatchObject({
      kind: 'manual',
      by: 'user:default/ada',
      reason: 'release day',
      until: '2026-12-08T00:00:00.000Z',
    });
  });

  it('is over once the Freeze now ended and no window is in force, and names what waits', () => {
    expect(freezeOf(target(now.getTime() - 1, []), now)).toBeUndefined();
    expect(freezeOf(target(undefined, []), now)).toBeUndefined();
    const frozen = freezeOf(
      target(undefined, [weekend], { revision: 'abc' }),
      now,
    )!;
    expect(frozen.waiting).toEqual({
      revision: 'abc',
      message: 'web 2',
      author: 'Ada',
    });
    expect(frozenSentence('production', frozen)).toBe(
      'production is frozen until 2026-12-07T07:00:00.000Z (weekend)',
    );
  });
});
