import type { CanaryWebhookResult } from '@slipway/model';
import { measureMetric } from './measureMetric';
import type { CanaryReads, CanaryState, CanaryTickContext } from './tickTypes';
import { callWebhooks } from './webhooks';

/** Gating webhooks and metric checks for the phase handler; the webhooks' answers are kept in `called`. */
export function readsOf(
  ctx: CanaryTickContext,
  state: CanaryState,
  called: CanaryWebhookResult[],
): CanaryReads {
  return {
    async webhooks(type) {
      const asked = await callWebhooks(ctx.canary, type, {
        phase: state.status.phase ?? 'Initializing',
        checksum: state.status.canarySpec ?? state.current.hash,
        now: () => ctx.now,
        policy: ctx.webhookPolicy,
      });
      called.push(...asked.results);
      return asked;
    },
    measure: (metric, weight) => measureMetric(ctx, metric, weight),
  };
}
