import {
  canaryState,
  deployment,
  fakeReads,
} from '../../testUtils/canaryState';
import { finalising } from './finalising';

const status = {
  phase: 'Finalising' as const,
  canarySpec: 'v2',
  canaryWeight: 30,
};

describe('finalising', () => {
  it('waits while the primary still runs the old images', async () => {
    const decision = await finalising(canaryState({ status }), fakeReads());
    expect(decision.status.phase).toBe('Finalising');
    expect(decision.message).toBe(
      'waiting for web-primary to roll out the new version',
    );
    expect(decision.actions).toBeUndefined();
  });

  it('succeeds once the primary runs them: routing finalized, canary at zero, post-rollout told', async () => {
    const decision = await finalising(
      canaryState({
        status,
        primary: deployment('web-primary', 'web:2', true),
      }),
      fakeReads(),
    );
    expect(decision.status).toMatchObject({
      phase: 'Succeeded',
      canaryWeight: 0,
      lastAppliedSpec: 'v2',
      lastPromotedSpec: 'v2',
    });
    expect(decision.actions).toEqual([
      { kind: 'finalizeRouting' },
      { kind: 'scaleCanary', replicas: 0 },
      { kind: 'notify', type: 'post-rollout', phase: 'Succeeded' },
    ]);
  });

  it('does not succeed on a primary still rolling out', async () => {
    const decision = await finalising(
      canaryState({
        status,
        primary: deployment('web-primary', 'web:2', false),
      }),
      fakeReads(),
    );
    expect(decision.status.phase).toBe('Finalising');
  });
});
