import type { PhaseHandler } from '../tickTypes';
import { beginRun, unchanged } from './decisions';

/**
 * Between runs (Initialized, Succeeded, Failed): a version of the target
 * not yet applied starts a run; the version that just failed does not
 * start again until it changes or someone retries it. When Git goes back
 * to the version the primary serves after a failure (a revert, a
 * rollback), the Canary is Initialized again: Git and what serves agree.
 */
export const idle: PhaseHandler = async state => {
  const { status, current, names } = state;
  const serving = current.hash === status.lastAppliedSpec;
  if (status.phase === 'Failed' && serving) {
    return {
      status: { ...status, phase: 'Initialized' },
      message: `Git delivers the serving version of ${names.canary} again (${current.hash}); the failed version ${status.canarySpec} is no longer delivered`,
    };
  }
  const failedAgain =
    status.phase === 'Failed' && current.hash === status.canarySpec;
  if (serving || failedAgain) {
    return unchanged(state);
  }
  return beginRun(state, `new version of ${names.canary} (${current.hash})`);
};
