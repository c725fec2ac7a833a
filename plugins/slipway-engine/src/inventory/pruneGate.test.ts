import { heldPrune, pruneHash } from './pruneGate';

const refs = (...names: string[]) =>
  names.map(name => ({ apiVersion: 'v1', kind: 'ConfigMap', name }));
const now = new Date('2026-12-01T12:00:00Z');

describe('heldPrune', () => {
  it('lets up to half of the inventory go without asking', () => {
    expect(heldPrune(refs('a', 'b'), 4, { now })).toBeUndefined();
    expect(heldPrune([], 4, { now })).toBeUndefined();
  });

  it('holds back more than half, or more than the count, naming what and since when', () => {
    expect(heldPrune(refs('a', 'b', 'c'), 4, { now })).toEqual({
      objects: refs('a', 'b', 'c'),
      hash: pruneHash(refs('c', 'b', 'a')),
      of: 4,
      since: now.toISOString(),
    });
    const many = refs(...Array.from({ length: 21 }, (_, i) => `cm-${i}`));
    expect(heldPrune(many, 1000, { now })?.objects).toHaveLength(21);
    expect(
      heldPrune(refs('a', 'b'), 10, {
        now,
        limits: { confirmAboveFraction: 0.1, confirmAboveCount: 20 },
      }),
    ).toBeDefined();
  });

  it('runs once confirmed for exactly this set, and asks again for another', () => {
    const confirmedHash = pruneHash(refs('a', 'b', 'c'));
    expect(
      heldPrune(refs('a', 'b', 'c'), 4, { now, confirmedHash }),
    ).toBeUndefined();
    expect(
      heldPrune(refs('a', 'b', 'd'), 4, { now, confirmedHash }),
    ).toBeDefined();
  });

  it('keeps when the same set was first held back', () => {
    const previous = heldPrune(refs('a', 'b', 'c'), 4, { now })!;
    const later = new Date('2026-12-01T13:00:00Z');
    expect(
      heldPrune(refs('a', 'b', 'c'), 4, { now: later, previous })?.since,
    ).toBe(now.toISOString());
  });
});
