import { setCondition } from './conditions';

describe('setCondition', () => {
  const t1 = new Date('2026-01-01T00:00:00Z');
  const t2 = new Date('2026-01-01T00:05:00Z');

  it('keeps the transition time while the status stays, and moves it on a change', () => {
    const ready = setCondition(
      [],
      { type: 'Ready', status: 'False', reason: 'Progressing', message: 'a' },
      t1,
    );
    const still = setCondition(
      ready,
      { type: 'Ready', status: 'False', reason: 'ApplyFailed', message: 'b' },
      t2,
    );
    expect(still).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'ApplyFailed',
        message: 'b',
        lastTransitionTime: t1.toISOString(),
      },
    ]);
    const flipped = setCondition(
      still,
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: '',
      },
      t2,
    );
    expect(flipped[0].lastTransitionTime).toBe(t2.toISOString());
  });

  it('keeps one entry per type, sorted by type', () => {
    let conditions = setCondition(
      [],
      { type: 'Stalled', status: 'False', reason: 'r', message: '' },
      t1,
    );
    conditions = setCondition(
      conditions,
      { type: 'Ready', status: 'True', reason: 'r', message: '' },
      t1,
    );
    conditions = setCondition(
      conditions,
      { type: 'Ready', status: 'True', reason: 'r', message: '' },
      t2,
    );
    expect(conditions.map(c => c.type)).toEqual(['Ready', 'Stalled']);
  });
});
