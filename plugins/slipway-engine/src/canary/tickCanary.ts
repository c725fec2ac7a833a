import {
  CANARY_PAUSED_ANNOTATION,
  type CanaryStatus,
  type CanaryWebhookResult,
} from '@slipway/model';
import { actOnCanary } from './actOnCanary';
import { workloadNames } from './canaryResource';
import { readsOf } from './canaryReads';
import { PHASE_HANDLERS } from './phases';
import { readCanaryState } from './readCanaryState';
import type {
  CanaryTickContext,
  CanaryTickResult,
  PhaseDecision,
} from './tickTypes';
import { tellEvent } from './tellEvent';
import { latestWebhookResults } from './webhooks';
import { podImages } from './workload';

/**
 * One step of a canary, decided from its status and the cluster alone: a
 * tick repeated after a crash finds the same state and does the same
 * (idempotent) thing, and a step is taken only once its interval has passed
 * since the last one. The phase's handler decides (asking gating webhooks
 * and metrics on the way); the actions it returns are taken here, in order.
 * The caller writes the returned status with the Canary's resourceVersion
 * as precondition.
 */
export async function tickCanary(
  ctx: CanaryTickContext,
): Promise<CanaryTickResult> {
  const { canary } = ctx;
  const status: CanaryStatus = { ...canary.status };
  const held = heldBy(ctx);
  if (held) {
    return tickResult(ctx, { status, message: held }, []);
  }
  const state = await readCanaryState(ctx);
  if (!state) {
    const { canary: name } = workloadNames(canary);
    return tickResult(
      ctx,
      {
        status: { ...status, phase: status.phase ?? 'Initializing' },
        message: `the target Deployment ${canary.metadata.namespace}/${name} does not exist`,
      },
      [],
    );
  }
  const called: CanaryWebhookResult[] = [];
  const handler = PHASE_HANDLERS[status.phase ?? 'Initializing'];
  const decision = handler
    ? await handler(state, readsOf(ctx, state, called))
    : { status, message: `phase ${status.phase} is not handled` };
  called.push(...(await actOnCanary(ctx, state, decision.actions ?? [])));
  called.push(...(await tellEvent(ctx, state, decision)));
  const serving = state.primary && {
    primaryImages: podImages(state.primary),
  };
  return tickResult(
    ctx,
    { ...decision, status: { ...decision.status, ...serving } },
    called,
  );
}

/** Why no step is taken at all this tick, if one is held. */
function heldBy({ canary }: CanaryTickContext): string | undefined {
  if (canary.spec.suspend) {
    return 'suspended: no step is taken until spec.suspend is false';
  }
  if (canary.metadata.annotations?.[CANARY_PAUSED_ANNOTATION] === 'true') {
    return 'paused from the portal: resume it to go on';
  }
  return undefined;
}

/** The decision as the status to write, with the phase change it makes. */
function tickResult(
  { canary, now }: CanaryTickContext,
  { status: next, message, measurements = [] }: PhaseDecision,
  called: CanaryWebhookResult[],
): CanaryTickResult {
  const before = canary.status?.phase;
  const moved = next.phase !== before;
  const status: CanaryStatus = {
    ...next,
    observedGeneration: canary.metadata.generation,
    message,
    ...(moved && { lastTransitionTime: now.toISOString() }),
    ...(called.length > 0 && {
      lastWebhooks: latestWebhookResults(next.lastWebhooks, called),
    }),
  };
  return {
    status,
    measurements,
    transition: moved ? { from: before, to: next.phase!, message } : undefined,
  };
}
