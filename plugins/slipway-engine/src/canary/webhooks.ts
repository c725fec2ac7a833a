import type {
  CanaryPhase,
  CanaryWebhook,
  CanaryWebhookResult,
} from '@slipway/backstage-plugin-slipway-common';
import type { CanaryResource } from './canaryResource';
import { durationMs } from './duration';

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
 * Calls one webhook with a POST of the canary's state. A 2xx answer is a
 * yes; anything else, or no answer within the timeout, is a no. Network
 * errors, timeouts and 5xx answers are retried twice with a growing delay.
 */
export async function callWebhook(
  hook: CanaryWebhook,
  payload: Omit<CanaryWebhookPayload, 'type' | 'metadata'>,
  now: () => Date = () => new Date(),
): Promise<CanaryWebhookResult> {
  const timeoutMs = durationMs(hook.timeout ?? DEFAULT_TIMEOUT);
  const body = JSON.stringify({
    ...payload,
    type: hook.type,
    metadata: hook.metadata ?? {},
  });
  let error = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = (await res.text()).slice(0, 200).trim();
      const answer = {
        name: hook.name,
        type: hook.type,
        at: now().toISOString(),
        status: res.status,
      };
      if (res.ok) {
        return { ...answer, passed: true };
      }
      error = `answered ${res.status}${text ? `: ${text}` : ''}`;
      if (res.status < 500) {
        return { ...answer, passed: false, error };
      }
    } catch (e) {
      const cause = (e as Error & { cause?: Error }).cause;
      error =
        (e as Error).name === 'TimeoutError'
          ? `no answer within ${hook.timeout ?? DEFAULT_TIMEOUT}`
          : `could not be reached: ${cause?.message ?? (e as Error).message}`;
    }
    if (attempt < ATTEMPTS) {
      await new Promise(r =>
        setTimeout(r, RETRY_DELAY_MS * 2 ** (attempt - 1)),
      );
    }
  }
  return {
    name: hook.name,
    type: hook.type,
    at: now().toISOString(),
    passed: false,
    error: `${error} (${ATTEMPTS} attempts)`,
  };
}

/**
 * Calls a canary's webhooks of one type, one after the other, and returns
 * every result; `passed` when each said yes (also when there are none).
 */
export async function callWebhooks(
  canary: CanaryResource,
  type: CanaryWebhook['type'],
  phase: CanaryPhase,
  checksum: string,
  now: () => Date,
): Promise<{ passed: boolean; results: CanaryWebhookResult[] }> {
  const results: CanaryWebhookResult[] = [];
  for (const hook of canary.spec.analysis.webhooks ?? []) {
    if (hook.type === type) {
      results.push(
        await callWebhook(
          hook,
          {
            name: canary.metadata.name,
            namespace: canary.metadata.namespace,
            phase,
            checksum,
          },
          now,
        ),
      );
    }
  }
  return { passed: results.every(r => r.passed), results };
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
