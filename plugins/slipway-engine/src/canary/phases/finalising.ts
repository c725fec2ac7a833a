import type { PhaseHandler } from '../tickTypes';
import { Deployment, isReady } from '../workload';
import { newerVersionArrived } from './decisions';

/** The primary runs the canary's images (its labels and config names are its own). */
function isPrimaryCurrent(primary: Deployment, target: Deployment) {
  const images = (d: Deployment) =>
    JSON.stringify(
      (d.spec?.template?.spec?.containers ?? []).map(
        (c: { image: string }) => c.image,
      ),
    );
  return images(primary) === images(target);
}

/** Once the primary has rolled out the new version, traffic goes back to it and the run succeeds. */
export const finalising: PhaseHandler = async state => {
  const { status, primary, target, names } = state;
  // With a newer target, the primary cannot be compared to it: its own rollout says enough.
  const rolledOut =
    isReady(primary) &&
    (newerVersionArrived(state) || isPrimaryCurrent(primary!, target));
  if (!rolledOut) {
    return {
      status,
      message: `waiting for ${names.primary} to roll out the new version`,
    };
  }
  return {
    status: {
      ...status,
      phase: 'Succeeded',
      canaryWeight: 0,
      lastAppliedSpec: status.canarySpec,
      lastPromotedSpec: status.canarySpec,
      promotionRequested: false,
    },
    message: `promoted ${status.canarySpec}`,
    actions: [
      { kind: 'finalizeRouting' },
      { kind: 'scaleCanary', replicas: 0 },
      { kind: 'notify', type: 'post-rollout', phase: 'Succeeded' },
    ],
  };
};
