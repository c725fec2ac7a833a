import { canaryState, fakeReads, NOW } from '../../testUtils/canaryState';
import { idle } from './idle';

describe('idle', () => {
  it('does nothing while the target runs the applied version', async () => {
    const state = canaryState({
      status: {
        phase: 'Succeeded',
        lastAppliedSpec: 'v2',
        message: 'promoted v2',
      },
    });
    const decision = await idle(state, fakeReads());
    expect(decision).toEqual({ status: state.status, message: 'promoted v2' });
  });

  it('starts a run of a new version: the canary scaled up, its images recorded', async () => {
    const decision = await idle(
      canaryState({ status: { phase: 'Initialized', lastAppliedSpec: 'v1' } }),
      fakeReads(),
    );
    expect(decision.status).toMatchObject({
      phase: 'Progressing',
      canarySpec: 'v2',
      canaryImages: ['web:2'],
      canaryWeight: 0,
      failedChecks: 0,
      startedAt: NOW.toISOString(),
      lastStepAt: NOW.toISOString(),
    });
    expect(decision.status.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(decision.message).toBe(
      'new version of web (v2): starting the analysis',
    );
    expect(decision.actions).toEqual([{ kind: 'scaleCanary', replicas: 2 }]);
  });

  it('holds a new version in Waiting, canary at zero, when rollouts need confirming', async () => {
    const decision = await idle(
      canaryState({
        status: { phase: 'Succeeded', lastAppliedSpec: 'v1' },
        analysis: {
          webhooks: [
            { name: 'gate', type: 'confirm-rollout', url: 'http://gate.svc' },
          ],
        },
      }),
      fakeReads(),
    );
    expect(decision.status.phase).toBe('Waiting');
    expect(decision.status.lastStepAt).toBeUndefined();
    expect(decision.actions).toEqual([{ kind: 'scaleCanary', replicas: 0 }]);
  });

  it('does not start the version that just failed again, but starts a newer one', async () => {
    const failed = {
      phase: 'Failed' as const,
      lastAppliedSpec: 'v1',
      canarySpec: 'v2',
    };
    const again = await idle(canaryState({ status: failed }), fakeReads());
    expect(again.status).toEqual(failed);
    expect(again.actions).toBeUndefined();
    const newer = await idle(
      canaryState({ status: failed, hash: 'v3' }),
      fakeReads(),
    );
    expect(newer.status).toMatchObject({
      phase: 'Progressing',
      canarySpec: 'v3',
    });
  });

  it('is Initialized again, no run started, when Git returns to the version the primary serves after a failure', async () => {
    const decision = await idle(
      canaryState({
        status: { phase: 'Failed', lastAppliedSpec: 'v1', canarySpec: 'v2' },
        hash: 'v1',
      }),
      fakeReads(),
    );
    expect(decision.status).toMatchObject({
      phase: 'Initialized',
      lastAppliedSpec: 'v1',
      canarySpec: 'v2',
    });
    expect(decision.message).toBe(
      'Git delivers the serving version of web again (v1); the failed version v2 is no longer delivered',
    );
    expect(decision.actions).toBeUndefined();
  });
});
