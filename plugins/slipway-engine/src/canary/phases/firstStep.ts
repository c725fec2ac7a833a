import { nextWeight } from '../nextWeight';
import type { CanaryReads, CanaryState, PhaseDecision } from '../tickTypes';
import { webhookFailures } from '../webhooks';
import { failedCheck, stepped } from './decisions';
import { trafficIncrease } from './trafficIncrease';

/**
 * Once the canary is ready and its pre-rollout hooks agree, it gets its
 * first share of traffic; the first analysis comes an interval later, so it
 * measures the canary under load. A/B testing and blue/green send the
 * canary everything they route to it (the matched requests, or all) for
 * the iterations.
 */
export async function firstStep(
  state: CanaryState,
  reads: CanaryReads,
): Promise<PhaseDecision> {
  const { canary } = state;
  const preRollout = await reads.webhooks('pre-rollout');
  if (!preRollout.passed) {
    return failedCheck(state, webhookFailures(preRollout.results), []);
  }
  const byIterations = canary.spec.analysis.iterations !== undefined;
  const weight = byIterations ? 100 : nextWeight(canary.spec.analysis, 0)!;
  const step: PhaseDecision = {
    status: { ...stepped(state), canaryWeight: weight },
    message: `canary ready: ${weight}% of ${
      canary.spec.analysis.match ? 'the matched requests' : 'traffic'
    } goes to it`,
  };
  if (byIterations) {
    return {
      ...step,
      actions: [
        { kind: 'setWeights', weights: { primary: 0, canary: weight } },
      ],
    };
  }
  return trafficIncrease(state, reads, weight, step);
}
