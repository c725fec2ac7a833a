import { callRunHooks } from './webhooks';
import type {
  CanaryState,
  CanaryTickContext,
  PhaseDecision,
} from './tickTypes';

/**
 * Event hooks hear of every new message, as Flagger sends its events: a
 * Warning when the run failed or a check did, otherwise Normal.
 */
export async function tellEvent(
  ctx: CanaryTickContext,
  state: CanaryState,
  { status: next, message }: PhaseDecision,
) {
  const before = state.status;
  if (message === before.message && next.phase === before.phase) {
    return [];
  }
  const warning =
    next.phase === 'Failed' ||
    (next.failedChecks ?? 0) > (before.failedChecks ?? 0);
  const told = await callRunHooks(
    ctx,
    state,
    'event',
    next.phase ?? 'Initializing',
    {
      status: next,
      metadata: {
        eventMessage: message,
        eventType: warning ? 'Warning' : 'Normal',
        timestamp: String(ctx.now.getTime()),
      },
    },
  );
  return told.results;
}
