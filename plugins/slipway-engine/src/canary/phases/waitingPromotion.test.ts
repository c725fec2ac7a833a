import { ago, canaryState, fakeReads } from '../../testUtils/canaryState';
import { waitingPromotion } from './waitingPromotion';

const status = {
  phase: 'WaitingPromotion' as const,
  canarySpec: 'v2',
  canaryWeight: 30,
  lastStepAt: ago(60),
};

describe('waitingPromotion', () => {
  it('asks rollback hooks first, then confirm-promotion, and waits on a no', async () => {
    const reads = fakeReads({ rollback: false, 'confirm-promotion': false });
    const decision = await waitingPromotion(canaryState({ status }), reads);
    expect(reads.asked).toEqual(['rollback', 'confirm-promotion']);
    expect(decision.status.phase).toBe('WaitingPromotion');
    expect(decision.status.lastStepAt).not.toBe(status.lastStepAt);
  });

  it('promotes on a yes, and rolls back when a rollback hook says yes', async () => {
    const yes = await waitingPromotion(
      canaryState({ status }),
      fakeReads({ 'confirm-promotion': true }),
    );
    expect(yes.status.phase).toBe('Promoting');
    expect(yes.message).toBe('promotion confirmed by webhook');
    const rollback = await waitingPromotion(
      canaryState({ status }),
      fakeReads({ rollback: true }),
    );
    expect(rollback.status.phase).toBe('Failed');
    expect(rollback.message).toBe(
      'rolled back: webhook rollback-hook asked for a rollback',
    );
  });

  it('takes a promotion or an abort from the portal without asking hooks', async () => {
    const reads = fakeReads({ 'confirm-promotion': false });
    const promoted = await waitingPromotion(
      canaryState({ status: { ...status, promotionRequested: true } }),
      reads,
    );
    expect(promoted.status.phase).toBe('Promoting');
    const aborted = await waitingPromotion(
      canaryState({ status: { ...status, abortRequested: true } }),
      reads,
    );
    expect(aborted.status.phase).toBe('Failed');
    expect(reads.asked).toEqual([]);
  });

  it('asks again only an interval later', async () => {
    const reads = fakeReads({ 'confirm-promotion': true });
    await waitingPromotion(
      canaryState({ status: { ...status, lastStepAt: ago(10) } }),
      reads,
    );
    expect(reads.asked).toEqual([]);
  });
});
