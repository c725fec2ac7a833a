import type { CanaryMeasurement } from '@slipway/model';
import type { CanaryReads, CanaryState, PhaseDecision } from '../tickTypes';
import { webhookFailures } from '../webhooks';
import { stepped } from './decisions';

/**
 * A step of a progressive canary to a larger weight, once its
 * confirm-traffic-increase hooks agree; while they do not, the canary keeps
 * its weight (no check fails) and they are asked again an interval later.
 */
export async function trafficIncrease(
  state: CanaryState,
  reads: CanaryReads,
  weight: number,
  step: PhaseDecision,
  measurements: CanaryMeasurement[] = [],
): Promise<PhaseDecision> {
  const confirmed = await reads.webhooks('confirm-traffic-increase');
  if (!confirmed.passed) {
    return {
      status: { ...stepped(state), lastMeasurements: measurements },
      message: `waiting for the increase to ${weight}% to be confirmed: ${webhookFailures(
        confirmed.results,
      )}`,
      measurements,
    };
  }
  return {
    ...step,
    actions: [
      ...(step.actions ?? []),
      {
        kind: 'setWeights',
        weights: { primary: 100 - weight, canary: weight },
      },
    ],
  };
}
