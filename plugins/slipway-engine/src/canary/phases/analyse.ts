import type { CanaryMeasurement } from '@slipway/model';
import { nextWeight } from '../nextWeight';
import type { CanaryReads, CanaryState, PhaseDecision } from '../tickTypes';
import { hasWebhooks, webhookFailures } from '../webhooks';
import { failedCheck, rolledBack, stepped } from './decisions';
import { trafficIncrease } from './trafficIncrease';

/** `request-success-rate 91.2 outside [99, ]`, or the error that stopped the check. */
const describeFailure = (m: CanaryMeasurement) =>
  m.error ??
  `${m.metric} ${Number(m.value!.toPrecision(4))} outside [${m.min ?? ''}, ${
    m.max ?? ''
  }]`;

/**
 * One analysis: rollback hooks may end the run; then every metric and
 * rollout hook is checked, and when all pass the canary takes its next step.
 */
export async function analyse(
  state: CanaryState,
  reads: CanaryReads,
): Promise<PhaseDecision> {
  const { canary, status } = state;
  const rollback = await reads.webhooks('rollback');
  const asked = rollback.results.find(r => r.passed);
  if (asked) {
    return rolledBack(state, `webhook ${asked.name} asked for a rollback`);
  }
  const weight = status.canaryWeight ?? 0;
  const measurements: CanaryMeasurement[] = [];
  if (!canary.spec.skipAnalysis) {
    for (const metric of canary.spec.analysis.metrics ?? []) {
      measurements.push(await reads.measure(metric, weight));
    }
  }
  const rollout = await reads.webhooks('rollout');
  const failures = [
    ...measurements.filter(m => !m.passed).map(describeFailure),
    ...(rollout.passed ? [] : [webhookFailures(rollout.results)]),
  ];
  if (failures.length > 0) {
    return failedCheck(state, failures.join('; '), measurements);
  }
  return nextStep(state, reads, measurements);
}

/** The promotion gate is asked at once, not an interval later. */
const readyToPromote = (
  state: CanaryState,
  message: string,
  measurements: CanaryMeasurement[],
): PhaseDecision => ({
  status: {
    ...state.status,
    phase: hasWebhooks(state.canary, 'confirm-promotion')
      ? 'WaitingPromotion'
      : 'Promoting',
    lastMeasurements: measurements,
    lastStepAt: undefined,
  },
  message,
  measurements,
});

/** After a passed analysis: the next iteration, the next weight, or the promotion. */
async function nextStep(
  state: CanaryState,
  reads: CanaryReads,
  measurements: CanaryMeasurement[],
): Promise<PhaseDecision> {
  const { canary, status } = state;
  const { analysis } = canary.spec;
  const passed = { ...stepped(state), lastMeasurements: measurements };
  if (analysis.iterations !== undefined) {
    const iterations = (status.iterations ?? 0) + 1;
    if (iterations >= analysis.iterations) {
      return readyToPromote(
        state,
        `${iterations} iterations passed`,
        measurements,
      );
    }
    return {
      status: { ...passed, iterations },
      message: `iteration ${iterations} of ${analysis.iterations} passed`,
      measurements,
    };
  }
  const weight = status.canaryWeight ?? 0;
  const next = nextWeight(analysis, weight);
  if (next === undefined) {
    return readyToPromote(
      state,
      `every step passed at ${weight}%`,
      measurements,
    );
  }
  const step = {
    status: { ...passed, canaryWeight: next },
    message: `canary at ${next}%`,
    measurements,
  };
  return trafficIncrease(state, reads, next, step, measurements);
}
