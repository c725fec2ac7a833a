import {
  CANARY_PAUSED_ANNOTATION,
  CANARY_SKIP_ANALYSIS_ANNOTATION,
  CANARY_STEERABLE_PHASES,
  type CanarySkipAnalysis,
  type CanaryAction,
  type CanaryStatus,
} from '@slipway/model';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ObjectClient } from '../apply/ObjectClient';
import type { CanaryResource } from './canaryResource';
import { CanaryRef, readCanary } from './runCanaryTick';

/**
 * A person's action on a Canary that its current phase does not allow; the message says why.
 *
 * @public
 */
export class CanaryActionRefused extends Error {}

/**
 * Records a request on the Canary for its next tick to act on: promote
 * opens the confirm-promotion gate (or skips the remaining steps), abort
 * rolls back, retry starts a failed version again, pause and resume stop
 * and restart its steps. Written with the resourceVersion read, tried again
 * on a conflict with a tick.
 *
 * @public
 */
export async function requestCanaryAction(
  client: ObjectClient,
  ref: CanaryRef,
  action: CanaryAction,
): Promise<CanaryResource> {
  for (let attempt = 0; ; attempt++) {
    const canary = await readCanary(client, ref);
    if (!canary) {
      throw new CanaryActionRefused(
        `Canary ${ref.namespace}/${ref.name} does not exist`,
      );
    }
    try {
      if (action === 'pause' || action === 'resume') {
        return await annotate(client, canary, {
          // null removes the annotation in a merge patch
          [CANARY_PAUSED_ANNOTATION]: action === 'pause' ? 'true' : null,
        });
      }
      return await client.replaceStatus({
        ...canary,
        status: statusAfter(canary.status ?? {}, action),
      });
    } catch (error) {
      if ((error as { code?: number }).code === 409 && attempt < 3) {
        continue; // a tick wrote the Canary meanwhile: ask again on the new state
      }
      throw error;
    }
  }
}

/**
 * Sets (or, with null, removes) annotations of the Canary; with the
 * resourceVersion read as precondition unless `anyVersion`.
 */
async function annotate(
  client: ObjectClient,
  canary: CanaryResource,
  annotations: Record<string, string | null>,
  anyVersion = false,
): Promise<CanaryResource> {
  const { name, namespace, resourceVersion } = canary.metadata;
  return (await client.mergePatch<KubernetesObject>({
    apiVersion: canary.apiVersion,
    kind: canary.kind,
    metadata: {
      name,
      namespace,
      ...(!anyVersion && { resourceVersion }),
      annotations: annotations as Record<string, string>,
    },
  })) as unknown as CanaryResource;
}

/**
 * Asks the Canary to promote the next version whose images are all among
 * these without analysis (a rollback to a release that passed it), once.
 *
 * @public
 */
export async function requestSkipAnalysis(
  client: ObjectClient,
  ref: CanaryRef,
  request: CanarySkipAnalysis,
): Promise<void> {
  const canary = await readCanary(client, ref);
  if (!canary) {
    throw new CanaryActionRefused(
      `Canary ${ref.namespace}/${ref.name} does not exist`,
    );
  }
  // The annotation alone, whatever ticks wrote to the status meanwhile.
  await annotate(
    client,
    canary,
    { [CANARY_SKIP_ANALYSIS_ANNOTATION]: JSON.stringify(request) },
    true,
  );
}

function statusAfter(
  status: CanaryStatus,
  action: 'promote' | 'abort' | 'retry',
): CanaryStatus {
  const running =
    status.phase !== undefined &&
    CANARY_STEERABLE_PHASES.includes(status.phase);
  if (action === 'retry') {
    if (status.phase !== 'Failed') {
      throw new CanaryActionRefused(
        `only a failed run can be retried; this one is ${
          status.phase ?? 'new'
        }`,
      );
    }
    // Forgetting the failed version makes the next tick start it as new.
    return { ...status, canarySpec: undefined };
  }
  if (!running) {
    throw new CanaryActionRefused(
      `there is no run to ${action}: the Canary is ${status.phase ?? 'new'}`,
    );
  }
  return action === 'promote'
    ? { ...status, promotionRequested: true }
    : { ...status, abortRequested: true };
}
