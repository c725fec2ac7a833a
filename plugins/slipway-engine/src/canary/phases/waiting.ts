import type { PhaseHandler } from '../tickTypes';
import { webhookFailures } from '../webhooks';
import {
  intervalPassed,
  newerVersionArrived,
  rolledBack,
  stepped,
  unchanged,
} from './decisions';

/** A run held until its confirm-rollout hooks agree, asked once an interval. */
export const waiting: PhaseHandler = async (state, reads) => {
  const { status, current, names } = state;
  if (status.abortRequested) {
    return rolledBack(state, 'aborted from the portal before it started');
  }
  if (newerVersionArrived(state)) {
    return {
      status: { ...status, canarySpec: current.hash },
      message: `a newer version of ${names.canary} (${current.hash}) waits for the rollout to be confirmed`,
    };
  }
  if (!intervalPassed(state)) {
    return unchanged(state);
  }
  const confirmed = await reads.webhooks('confirm-rollout');
  if (!confirmed.passed) {
    return {
      status: stepped(state),
      message: `waiting for the rollout to be confirmed: ${webhookFailures(
        confirmed.results,
      )}`,
    };
  }
  return {
    status: { ...stepped(state), phase: 'Progressing' },
    message: `rollout confirmed: starting the analysis of ${names.canary} (${current.hash})`,
    actions: [{ kind: 'scaleCanary', replicas: state.replicas }],
  };
};
