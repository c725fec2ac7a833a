import type { PhaseHandler } from '../tickTypes';
import { beginRun, unchanged } from './decisions';

/**
 * Between runs (Initialized, Succeeded, Failed): a version of the target
 * not yet applied starts a run; the version that just failed does not
 * start again until it changes or someone retries it.
 */
export const idle: PhaseHandler = async state => {
  const { status, current, names } = state;
  const failedAgain =
    status.phase === 'Failed' && current.hash === status.canarySpec;
  if (current.hash === status.lastAppliedSpec || failedAgain) {
    return unchanged(state);
  }
  return beginRun(state, `new version of ${names.canary} (${current.hash})`);
};
