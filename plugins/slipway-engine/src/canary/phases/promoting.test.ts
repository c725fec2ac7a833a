import { canaryState, fakeReads } from '../../testUtils/canaryState';
import { promoting } from './promoting';

describe('promoting', () => {
  it('gives the primary the analysed version', async () => {
    const decision = await promoting(
      canaryState({ status: { phase: 'Promoting', canarySpec: 'v2' } }),
      fakeReads(),
    );
    expect(decision.status.phase).toBe('Finalising');
    expect(decision.actions).toEqual([{ kind: 'applyPrimary' }]);
  });

  it('starts over, all traffic to the primary, when a newer version arrived', async () => {
    const decision = await promoting(
      canaryState({
        status: { phase: 'Promoting', canarySpec: 'v2' },
        hash: 'v3',
      }),
      fakeReads(),
    );
    expect(decision.status).toMatchObject({
      phase: 'Progressing',
      canarySpec: 'v3',
    });
    expect(decision.actions).toEqual([
      { kind: 'setWeights', weights: { primary: 100, canary: 0 } },
      { kind: 'scaleCanary', replicas: 2 },
    ]);
  });
});
