import type {
  CanaryPhase,
  CanaryStatus,
  CanaryWebhook,
  CanaryWebhookResult,
} from '@slipway/model';
import {
  DEFAULT_WEBHOOK_HOSTS,
  OutboundPolicy,
  OutboundRefusedError,
} from '../security/outboundPolicy';
import { postBounded } from '../security/postBounded';
import type { CanaryResource } from './canaryResource';
import { durationMs } from './duration';
import type { CanaryState, CanaryTickContext } from './tickTypes';

const DEFAULT_TIMEOUT = '10s';
/** Attempts of a call that got no answer, or a 5xx; a 4xx is an answer. */
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;

/** What a webhook is sent: Flagger's payload, so hooks written for it work. */
export type CanaryWebhookPayload = {
  name: string;
  namespace: string;
  phase: CanaryPhase;
  checksum: string;
  type: CanaryWebhook['type'];
  metadata: Record<string, string>;
};

/**
 * Calls one webhook with a POST of the canary's state, where the
 * environment's outbound policy allows. A 2xx answer is a yes; anything
 * else, or no answer within the timeout, is a no. A redirect is a no (it is
 * not followed), and only the status and a short sanitized reason are kept.
 * Network errors, timeouts and 5xx answers are retried twice with a growing
 * delay; a refused address is not.
 */
export async function callWebhook(
  hook: CanaryWebhook,
  payload: Omit<CanaryWebhookPayload, 'type' | 'metadata'> & {
    /** Slipway's own metadata (an event's message); the hook's cannot replace it. */
    metadata?: Record<string, string>;
  },
  now: () => Date = () => new Date(),
  policy: OutboundPolicy = { allowedHosts: DEFAULT_WEBHOOK_HOSTS },
): Promise<CanaryWebhookResult> {
  const timeoutMs = durationMs(hook.timeout ?? DEFAULT_TIMEOUT);
  const body = JSON.stringify({
    ...payload,
    type: hook.type,
    metadata: { ...hook.metadata, ...payload.metadata },
  });
  const result = (passed: boolean, extra: Partial<CanaryWebhookResult>) => ({
    name: hook.name,
    type: hook.type,
    at: now().toISOString(),
    passed,
    ...extra,
  });
  let error = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const { status, reason } = await postBounded(hook.url, body, {
        policy,
        timeoutMs,
      });
      if (status >= 200 && status < 300) {
        return result(true, { status });
      }
      error =
        status >= 300 && status < 400
          ? `answered ${status}: redirects are not followed`
          : `answered ${status}${reason ? `: ${reason}` : ''}`;
      if (status < 500) {
        return result(false, { status, error });
      }
    } catch (e) {
      if (e instanceof OutboundRefusedError) {
        return result(false, {
          error: `refused: ${e.message} (slipway.environments[].canaryWebhooks.allowedHosts)`,
        });
      }
      const cause = (e as Error & { cause?: Error }).cause;
      error = ['TimeoutError', 'AbortError'].includes((e as Error).name)
        ? `no answer within ${hook.timeout ?? DEFAULT_TIMEOUT}`
        : `could not be reached: ${cause?.message ?? (e as Error).message}`;
    }
    if (attempt < ATTEMPTS) {
      await new Promise(r =>
        setTimeout(r, RETRY_DELAY_MS * 2 ** (attempt - 1)),
      );
    }
  }
  return result(false, { error: `${error} (${ATTEMPTS} attempts)` });
}

/** What every webhook of one call is told besides the Canary's name. */
export type WebhookCall = {
  phase: CanaryPhase;
  checksum: string;
  now: () => Date;
  policy?: OutboundPolicy;
  metadata?: Record<string, string>;
};

/**
 * Calls a canary's webhooks of one type, one after the other, and returns
 * every result; `passed` when each said yes (also when there are none).
 */
export async function callWebhooks(
  canary: CanaryResource,
  type: CanaryWebhook['type'],
  { phase, checksum, now, policy, metadata }: WebhookCall,
): Promise<{ passed: boolean; results: CanaryWebhookResult[] }> {
  const results: CanaryWebhookResult[] = [];
  for (const hook of canary.spec.analysis.webhooks ?? []) {
    if (hook.type === type) {
      const payload = {
        name: canary.metadata.name,
        namespace: canary.metadata.namespace,
        phase,
        checksum,
        metadata,
      };
      results.push(await callWebhook(hook, payload, now, policy));
    }
  }
  return { passed: results.every(r => r.passed), results };
}

/**
 * Calls the Canary's hooks of one type during a tick, telling them the
 * phase and, as checksum, the version of the run (of `status`, the tick's
 * starting status unless given) or else of the target.
 */
export function callRunHooks(
  ctx: CanaryTickContext,
  state: CanaryState,
  type: CanaryWebhook['type'],
  phase: CanaryPhase,
  told: { status?: CanaryStatus; metadata?: Record<string, string> } = {},
) {
  return callWebhooks(ctx.canary, type, {
    phase,
    checksum: (told.status ?? state.status).canarySpec ?? state.current.hash,
    now: () => ctx.now,
    policy: ctx.webhookPolicy,
    metadata: told.metadata,
  });
}

export const hasWebhooks = (
  canary: CanaryResource,
  type: CanaryWebhook['type'],
) => (canary.spec.analysis.webhooks ?? []).some(w => w.type === type);

/** Results as status keeps them: the latest of each webhook. */
export function latestWebhookResults(
  previous: CanaryWebhookResult[] | undefined,
  results: CanaryWebhookResult[],
): CanaryWebhookResult[] {
  const byName = new Map((previous ?? []).map(r => [r.name, r]));
  for (const result of results) {
    byName.set(result.name, result);
  }
  return [...byName.values()];
}

/** `webhook a: answered 403; webhook b: no answer within 10s (3 attempts)` */
export const webhookFailures = (results: CanaryWebhookResult[]) =>
  results
    .filter(r => !r.passed)
    .map(r => `webhook ${r.name}: ${r.error}`)
    .join('; ');
