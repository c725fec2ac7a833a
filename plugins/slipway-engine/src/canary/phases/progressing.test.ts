import {
  ago,
  canaryState,
  deployment,
  fakeReads,
} from '../../testUtils/canaryState';
import { progressing } from './progressing';

const running = {
  phase: 'Progressing' as const,
  canarySpec: 'v2',
  canaryWeight: 10,
  failedChecks: 0,
  lastStepAt: ago(60),
};
const metrics = [{ name: 'request-success-rate', thresholdRange: { min: 99 } }];

describe('progressing', () => {
  describe('before a step', () => {
    it('rolls back on abort: routing finalized, canary at zero, post-rollout told Failed', async () => {
      const decision = await progressing(
        canaryState({ status: { ...running, abortRequested: true } }),
        fakeReads(),
      );
      expect(decision.status).toMatchObject({
        phase: 'Failed',
        canaryWeight: 0,
        abortRequested: false,
      });
      expect(decision.message).toBe('rolled back: aborted from the portal');
      expect(decision.actions).toEqual([
        { kind: 'finalizeRouting' },
        { kind: 'scaleCanary', replicas: 0 },
        { kind: 'notify', type: 'post-rollout', phase: 'Failed' },
      ]);
    });

    it('skips the remaining steps on a promotion from the portal', async () => {
      const decision = await progressing(
        canaryState({ status: { ...running, promotionRequested: true } }),
        fakeReads(),
      );
      expect(decision.status.phase).toBe('Promoting');
    });

    it('starts over with a newer version', async () => {
      const decision = await progressing(
        canaryState({ status: running, hash: 'v3' }),
        fakeReads(),
      );
      expect(decision.status).toMatchObject({
        phase: 'Progressing',
        canarySpec: 'v3',
        canaryWeight: 0,
      });
      expect(decision.actions?.[0]).toEqual({
        kind: 'setWeights',
        weights: { primary: 100, canary: 0 },
      });
    });

    it('waits for the canary to be ready, then rolls back past the progress deadline', async () => {
      const notReady = deployment('web', 'web:2', false);
      const waiting = await progressing(
        canaryState({
          status: { ...running, canaryWeight: 0 },
          target: notReady,
        }),
        fakeReads(),
      );
      expect(waiting.message).toBe('waiting for web to be ready');
      expect(waiting.actions).toEqual([{ kind: 'scaleCanary', replicas: 2 }]);
      const late = await progressing(
        canaryState({
          status: { ...running, canaryWeight: 0, lastStepAt: ago(601) },
          target: notReady,
        }),
        fakeReads(),
      );
      expect(late.status.phase).toBe('Failed');
      expect(late.message).toBe('rolled back: web was not ready within 600 s');
    });

    it('takes no step and asks nothing within the interval', async () => {
      const reads = fakeReads();
      const decision = await progressing(
        canaryState({
          status: { ...running, lastStepAt: ago(59), message: 'canary at 10%' },
        }),
        reads,
      );
      expect(reads.asked).toEqual([]);
      expect(decision.message).toBe('canary at 10%');
      expect(decision.actions).toBeUndefined();
    });
  });

  describe('the first step', () => {
    const first = { ...running, canaryWeight: 0, lastStepAt: ago(5) };

    it('gives the canary its first weight once pre-rollout hooks agree', async () => {
      const reads = fakeReads({ 'pre-rollout': true });
      const decision = await progressing(canaryState({ status: first }), reads);
      expect(reads.asked).toEqual(['pre-rollout', 'confirm-traffic-increase']);
      expect(decision.status.canaryWeight).toBe(10);
      expect(decision.message).toBe('canary ready: 10% of traffic goes to it');
      expect(decision.actions).toEqual([
        { kind: 'setWeights', weights: { primary: 90, canary: 10 } },
      ]);
    });

    it('counts a pre-rollout no as a failed check', async () => {
      const decision = await progressing(
        canaryState({ status: first }),
        fakeReads({ 'pre-rollout': false }),
      );
      expect(decision.status).toMatchObject({
        phase: 'Progressing',
        failedChecks: 1,
        canaryWeight: 0,
      });
      expect(decision.message).toBe(
        'check 1 of 2 failed: webhook pre-rollout-hook: answered 403',
      );
      expect(decision.actions).toBeUndefined();
    });

    it('sends A/B and blue/green canaries everything they route for the iterations, unasked', async () => {
      const reads = fakeReads({ 'confirm-traffic-increase': false });
      const decision = await progressing(
        canaryState({
          status: first,
          analysis: { iterations: 3, stepWeight: undefined },
        }),
        reads,
      );
      expect(decision.actions).toEqual([
        { kind: 'setWeights', weights: { primary: 0, canary: 100 } },
      ]);
      expect(reads.asked).not.toContain('confirm-traffic-increase');
    });

    it('holds the weight at zero while confirm-traffic-increase says no', async () => {
      const decision = await progressing(
        canaryState({ status: first }),
        fakeReads({ 'confirm-traffic-increase': false }),
      );
      expect(decision.status).toMatchObject({
        canaryWeight: 0,
        failedChecks: 0,
      });
      expect(decision.message).toBe(
        'waiting for the increase to 10% to be confirmed: webhook confirm-traffic-increase-hook: answered 403',
      );
      expect(decision.actions).toBeUndefined();
    });
  });

  describe('an analysis', () => {
    it('moves to the next weight when every metric and rollout hook passes', async () => {
      const reads = fakeReads(
        { rollout: true },
        { 'request-success-rate': 99.5 },
      );
      const decision = await progressing(
        canaryState({ status: running, analysis: { metrics } }),
        reads,
      );
      expect(reads.asked).toEqual([
        'rollback',
        'request-success-rate',
        'rollout',
        'confirm-traffic-increase',
      ]);
      expect(decision.status).toMatchObject({
        canaryWeight: 20,
        failedChecks: 0,
      });
      expect(decision.measurements).toEqual([
        expect.objectContaining({
          metric: 'request-success-rate',
          value: 99.5,
          passed: true,
          weight: 10,
        }),
      ]);
      expect(decision.actions).toEqual([
        { kind: 'setWeights', weights: { primary: 80, canary: 20 } },
      ]);
    });

    it('counts a failed metric, and rolls back at the threshold', async () => {
      const reads = fakeReads({}, { 'request-success-rate': 91.23456 });
      const once = await progressing(
        canaryState({ status: running, analysis: { metrics } }),
        reads,
      );
      expect(once.status).toMatchObject({
        phase: 'Progressing',
        canaryWeight: 10,
        failedChecks: 1,
      });
      expect(once.message).toBe(
        'check 1 of 2 failed: request-success-rate 91.23 outside [99, ]',
      );
      const twice = await progressing(
        canaryState({
          status: { ...running, failedChecks: 1 },
          analysis: { metrics },
        }),
        reads,
      );
      expect(twice.status).toMatchObject({
        phase: 'Failed',
        failedChecks: 2,
        canaryWeight: 0,
      });
      expect(twice.message).toBe(
        'rolled back: 2 failed checks (threshold 2): request-success-rate 91.23 outside [99, ]',
      );
      expect(twice.actions?.[0]).toEqual({ kind: 'finalizeRouting' });
    });

    it('names a metric that could not be read, and a rollout hook that said no', async () => {
      const decision = await progressing(
        canaryState({ status: running, analysis: { metrics } }),
        fakeReads(
          { rollout: false },
          { 'request-success-rate': new Error('Prometheus answered 503') },
        ),
      );
      expect(decision.message).toBe(
        'check 1 of 2 failed: Prometheus answered 503; webhook rollout-hook: answered 403',
      );
    });

    it('rolls back at once when a rollback hook says yes, measuring nothing', async () => {
      const reads = fakeReads({ rollback: true });
      const decision = await progressing(
        canaryState({ status: running, analysis: { metrics } }),
        reads,
      );
      expect(decision.status.phase).toBe('Failed');
      expect(reads.asked).toEqual(['rollback']);
    });

    it('measures nothing with skipAnalysis', async () => {
      const reads = fakeReads();
      await progressing(
        canaryState({
          status: running,
          analysis: { metrics },
          spec: { skipAnalysis: true },
        }),
        reads,
      );
      expect(reads.asked).not.toContain('request-success-rate');
    });

    it('keeps the weight, without a failed check, while confirm-traffic-increase says no', async () => {
      const decision = await progressing(
        canaryState({ status: running, analysis: { metrics } }),
        fakeReads(
          { 'confirm-traffic-increase': false },
          { 'request-success-rate': 100 },
        ),
      );
      expect(decision.status).toMatchObject({
        canaryWeight: 10,
        failedChecks: 0,
        lastStepAt: expect.any(String),
      });
      expect(decision.measurements).toHaveLength(1);
      expect(decision.actions).toBeUndefined();
    });

    it('is ready to promote after the last weight, the gate asked at once', async () => {
      const atMax = { ...running, canaryWeight: 30 };
      const promote = await progressing(
        canaryState({ status: atMax }),
        fakeReads(),
      );
      expect(promote.status).toMatchObject({
        phase: 'Promoting',
        lastStepAt: undefined,
      });
      expect(promote.message).toBe('every step passed at 30%');
      const gated = await progressing(
        canaryState({
          status: atMax,
          analysis: {
            webhooks: [
              {
                name: 'gate',
                type: 'confirm-promotion',
                url: 'http://gate.svc',
              },
            ],
          },
        }),
        fakeReads(),
      );
      expect(gated.status.phase).toBe('WaitingPromotion');
    });

    it('counts iterations instead of weights', async () => {
      const byIterations = {
        status: { ...running, canaryWeight: 100, iterations: 1 },
        analysis: { iterations: 3 },
      };
      const second = await progressing(canaryState(byIterations), fakeReads());
      expect(second.status).toMatchObject({
        phase: 'Progressing',
        iterations: 2,
      });
      expect(second.message).toBe('iteration 2 of 3 passed');
      expect(second.actions).toBeUndefined();
      const last = await progressing(
        canaryState({
          ...byIterations,
          status: { ...byIterations.status, iterations: 2 },
        }),
        fakeReads(),
      );
      expect(last.status.phase).toBe('Promoting');
      expect(last.message).toBe('3 iterations passed');
    });
  });
});
