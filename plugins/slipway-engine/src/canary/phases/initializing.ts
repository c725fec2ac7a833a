import type { PhaseHandler, TickAction } from '../tickTypes';
import { isReady, primaryVersion } from '../workload';

/**
 * Before any run: the primary is made from the target once, the Services
 * and routing set up, and when the primary is ready it serves everything
 * and the canary is scaled to zero.
 */
export const initializing: PhaseHandler = async state => {
  const { primary, names, status, current } = state;
  const setUp: TickAction[] = [
    ...(primary ? [] : [{ kind: 'applyPrimary' } as const]),
    { kind: 'applyServices' },
    { kind: 'reconcileRouting' },
  ];
  if (!isReady(primary)) {
    return {
      status: { ...status, phase: 'Initializing' },
      message: `waiting for ${names.primary} to be ready`,
      actions: setUp,
    };
  }
  return {
    // The primary holds the version it was made from: a newer one that
    // arrived while it became ready is a change, and starts a run.
    status: {
      phase: 'Initialized',
      lastAppliedSpec: primaryVersion(primary) ?? current.hash,
      canaryWeight: 0,
      failedChecks: 0,
      iterations: 0,
    },
    message: `${names.primary} serves all traffic; a change to ${names.canary} starts a run`,
    actions: [...setUp, { kind: 'scaleCanary', replicas: 0 }],
  };
};
