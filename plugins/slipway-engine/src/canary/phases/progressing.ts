import { DEFAULT_PROGRESS_DEADLINE_SECONDS } from '../../reconcile/reconcileTarget';
import type { CanaryState, PhaseDecision, PhaseHandler } from '../tickTypes';
import { isReady } from '../workload';
import { analyse } from './analyse';
import {
  intervalPassed,
  newerVersionArrived,
  toPromoting,
  restartRun,
  rolledBack,
  unchanged,
} from './decisions';
import { firstStep } from './firstStep';
import { promotedWithoutAnalysis, skipAnalysisRequest } from './skipAnalysis';

/**
 * A run under analysis: a person's abort or promotion comes first, then a
 * newer version restarts it; otherwise, once the canary is ready, one step
 * an interval.
 */
export const progressing: PhaseHandler = async (state, reads) => {
  const { status } = state;
  if (status.abortRequested) {
    return rolledBack(state, 'aborted from the portal');
  }
  if (status.promotionRequested) {
    return toPromoting(
      state,
      'promotion requested from the portal: the remaining steps are skipped',
    );
  }
  if (newerVersionArrived(state)) {
    return restartRun(state);
  }
  // A rollback's request may arrive after its version's run began.
  const skip = skipAnalysisRequest(state);
  if (skip) {
    return promotedWithoutAnalysis(state, status, skip, 'promotion');
  }
  if (!isReady(state.target)) {
    return notReadyYet(state);
  }
  const weight = status.canaryWeight ?? 0;
  // A first step that pre-rollout hooks refused is tried again an interval later.
  if ((weight > 0 || status.failedChecks) && !intervalPassed(state)) {
    return unchanged(state);
  }
  return weight === 0 ? firstStep(state, reads) : analyse(state, reads);
};

/** The canary scaled up and waited for, until its progress deadline. */
function notReadyYet(state: CanaryState): PhaseDecision {
  const { canary, status, names, now } = state;
  const deadlineSeconds =
    canary.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  if (now.getTime() - Date.parse(status.lastStepAt!) > deadlineSeconds * 1000) {
    return rolledBack(
      state,
      `${names.canary} was not ready within ${deadlineSeconds} s`,
    );
  }
  return {
    status,
    message: `waiting for ${names.canary} to be ready`,
    actions: [{ kind: 'scaleCanary', replicas: state.replicas }],
  };
}
