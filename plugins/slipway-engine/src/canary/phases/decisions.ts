import type { CanaryMeasurement, CanaryStatus } from '@slipway/model';
import { randomUUID } from 'node:crypto';
import { durationMs } from '../duration';
import type { CanaryState, PhaseDecision } from '../tickTypes';
import { hasWebhooks } from '../webhooks';
import { podImages } from '../workload';
import { promotedWithoutAnalysis, skipAnalysisRequest } from './skipAnalysis';

/** The status as it is, its message kept: nothing to do this tick. */
export const unchanged = ({ status }: CanaryState): PhaseDecision => ({
  status,
  message: status.message ?? '',
});

/** True once the analysis interval has passed since the last step (or there was none). */
export function intervalPassed({ canary, status, now }: CanaryState) {
  const intervalMs = durationMs(canary.spec.analysis.interval);
  return (
    !status.lastStepAt ||
    now.getTime() - Date.parse(status.lastStepAt) >= intervalMs
  );
}

/** The status with this tick as its last step. */
export const stepped = ({ status, now }: CanaryState): CanaryStatus => ({
  ...status,
  lastStepAt: now.toISOString(),
});

/** All traffic back to the primary, the canary scaled to zero, the post-rollout hooks told. */
export function rolledBack(state: CanaryState, why: string): PhaseDecision {
  return {
    status: {
      ...state.status,
      phase: 'Failed',
      canaryWeight: 0,
      promotionRequested: false,
      abortRequested: false,
    },
    message: `rolled back: ${why}`,
    actions: [
      { kind: 'finalizeRouting' },
      { kind: 'scaleCanary', replicas: 0 },
      { kind: 'notify', type: 'post-rollout', phase: 'Failed' },
    ],
  };
}

/** A run of the target's current version, held in Waiting if rollouts need confirming. */
export function beginRun(state: CanaryState, why: string): PhaseDecision {
  const { canary, current, target, now, replicas } = state;
  const run: CanaryStatus = {
    ...state.status,
    runId: randomUUID(),
    canarySpec: current.hash,
    canaryImages: podImages(target),
    canaryWeight: 0,
    iterations: 0,
    failedChecks: 0,
    startedAt: now.toISOString(),
    lastMeasurements: [],
    lastWebhooks: [],
    promotionRequested: false,
    abortRequested: false,
  };
  const skip = skipAnalysisRequest(state);
  if (skip) {
    return promotedWithoutAnalysis(state, run, skip, why);
  }
  if (hasWebhooks(canary, 'confirm-rollout')) {
    return {
      status: { ...run, phase: 'Waiting', lastStepAt: undefined },
      message: `${why}: waiting for the rollout to be confirmed`,
      actions: [{ kind: 'scaleCanary', replicas: 0 }],
    };
  }
  return {
    status: { ...run, phase: 'Progressing', lastStepAt: now.toISOString() },
    message: `${why}: starting the analysis`,
    actions: [{ kind: 'scaleCanary', replicas }],
  };
}

/** The target changed before its version was promoted. */
export const newerVersionArrived = ({ current, status }: CanaryState) =>
  current.hash !== status.canarySpec;

/**
 * What was analysed is not what would be promoted: the primary takes all
 * traffic back and the newer version's run starts from the beginning.
 */
export function restartRun(state: CanaryState): PhaseDecision {
  const run = beginRun(
    state,
    `a newer version of ${state.names.canary} (${state.current.hash}) arrived during the run; it starts over`,
  );
  return {
    ...run,
    actions: [
      { kind: 'setWeights', weights: { primary: 100, canary: 0 } },
      ...(run.actions ?? []),
    ],
  };
}

/** Into Promoting at once, as a person or a webhook asked. */
export const toPromoting = (
  state: CanaryState,
  message: string,
): PhaseDecision => ({
  status: { ...stepped(state), phase: 'Promoting' },
  message,
});

/**
 * A failed check (a metric or a webhook): counted, and a rollback once the
 * count reaches the threshold.
 */
export function failedCheck(
  state: CanaryState,
  why: string,
  measurements: CanaryMeasurement[],
): PhaseDecision {
  const { threshold } = state.canary.spec.analysis;
  const failedChecks = (state.status.failedChecks ?? 0) + 1;
  const checked = {
    failedChecks,
    lastMeasurements: measurements,
    lastStepAt: state.now.toISOString(),
  };
  if (failedChecks >= threshold) {
    const rolled = rolledBack(
      state,
      `${failedChecks} failed checks (threshold ${threshold}): ${why}`,
    );
    return {
      ...rolled,
      status: { ...rolled.status, ...checked },
      measurements,
    };
  }
  return {
    status: { ...state.status, ...checked },
    message: `check ${failedChecks} of ${threshold} failed: ${why}`,
    measurements,
  };
}
