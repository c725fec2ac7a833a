import type { CanaryWebhookResult } from '@slipway/model';
import { applyCanaryServices } from './canaryServices';
import type { CanaryState, CanaryTickContext, TickAction } from './tickTypes';
import { callRunHooks } from './webhooks';
import { applyPrimary, primarySelector, scale } from './workload';

/**
 * Takes a decision's actions in order; each is idempotent, so a tick
 * repeated after a crash halfway does them again harmlessly. Returns the
 * answers of the hooks it told.
 */
export async function actOnCanary(
  ctx: CanaryTickContext,
  state: CanaryState,
  actions: TickAction[],
): Promise<CanaryWebhookResult[]> {
  const { client, canary, router } = ctx;
  const { target, current, names, replicas } = state;
  const told: CanaryWebhookResult[] = [];
  for (const action of actions) {
    switch (action.kind) {
      case 'applyPrimary':
        await applyPrimary(client, canary, target, current, replicas);
        break;
      case 'applyServices':
        await applyCanaryServices(client, canary, {
          canary: target.spec?.selector?.matchLabels ?? {},
          primary: primarySelector(target.spec?.selector?.matchLabels),
        });
        break;
      case 'reconcileRouting':
        await router.reconcile(canary);
        break;
      case 'setWeights':
        await router.setWeights(canary, action.weights);
        break;
      case 'finalizeRouting':
        await router.finalize(canary);
        break;
      case 'scaleCanary':
        await scale(
          client,
          canary.metadata.namespace,
          names.canary,
          action.replicas,
        );
        break;
      case 'notify': {
        const called = await callRunHooks(
          ctx,
          state,
          action.type,
          action.phase,
        );
        told.push(...called.results);
        break;
      }
      default:
        throw new Error(`unknown canary action ${JSON.stringify(action)}`);
    }
  }
  return told;
}
