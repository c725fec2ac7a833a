import type { CanaryWebhookResult } from '@slipway/model';
import { measureMetric } from './measureMetric';
import type { CanaryReads, CanaryState, CanaryTickContext } from './tickTypes';
import { callRunHooks } from './webhooks';

/** Gating webhooks and metric checks for the phase handler; the webhooks' answers are kept in `called`. */
export function readsOf(
  ctx: CanaryTickContext,
  state: CanaryState,
  called: CanaryWebhookResult[],
): CanaryReads {
  return {
    async webhooks(type) {
      const asked = await callRunHooks(
        ctx,
        state,
        type,
        state.status.phase ?? 'Initializing',
      );
      called.push(...asked.results);
      return asked;
    },
    measure: (metric, weight) => measureMetric(ctx, metric, weight),
  };
}
