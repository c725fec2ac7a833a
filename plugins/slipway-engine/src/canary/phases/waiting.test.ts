import { ago, canaryState, fakeReads } from '../../testUtils/canaryState';
import { waiting } from './waiting';

const held = {
  phase: 'Waiting' as const,
  canarySpec: 'v2',
  message: 'waiting',
};

describe('waiting', () => {
  it('asks the confirm-rollout hooks and stays while one says no', async () => {
    const reads = fakeReads({ 'confirm-rollout': false });
    const decision = await waiting(canaryState({ status: held }), reads);
    expect(reads.asked).toEqual(['confirm-rollout']);
    expect(decision.status.phase).toBe('Waiting');
    expect(decision.message).toBe(
      'waiting for the rollout to be confirmed: webhook confirm-rollout-hook: answered 403',
    );
    expect(decision.actions).toBeUndefined();
  });

  it('asks again only an interval later', async () => {
    const reads = fakeReads({ 'confirm-rollout': true });
    const decision = await waiting(
      canaryState({ status: { ...held, lastStepAt: ago(30) } }),
      reads,
    );
    expect(reads.asked).toEqual([]);
    expect(decision.message).toBe('waiting');
  });

  it('starts the analysis once confirmed, the canary scaled up', async () => {
    const decision = await waiting(
      canaryState({ status: { ...held, lastStepAt: ago(60) } }),
      fakeReads({ 'confirm-rollout': true }),
    );
    expect(decision.status.phase).toBe('Progressing');
    expect(decision.actions).toEqual([{ kind: 'scaleCanary', replicas: 2 }]);
  });

  it('follows a newer version without asking, and rolls back on abort', async () => {
    const reads = fakeReads();
    const newer = await waiting(
      canaryState({ status: held, hash: 'v3' }),
      reads,
    );
    expect(newer.status).toMatchObject({ phase: 'Waiting', canarySpec: 'v3' });
    expect(reads.asked).toEqual([]);
    const aborted = await waiting(
      canaryState({ status: { ...held, abortRequested: true } }),
      reads,
    );
    expect(aborted.status.phase).toBe('Failed');
    expect(aborted.message).toBe(
      'rolled back: aborted from the portal before it started',
    );
  });
});
