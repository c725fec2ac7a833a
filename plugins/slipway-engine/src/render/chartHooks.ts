import type { ChartHook } from './manifest';

const HOOK = 'helm.sh/hook';
const WEIGHT = 'helm.sh/hook-weight';

/**
 * How a rendered object's Helm hook annotation maps onto a Slipway apply:
 * `pre-install`/`pre-upgrade` before everything else (Jobs awaited),
 * `post-install`/`post-upgrade` after it, and hooks only of deletion or
 * rollback (which Slipway never performs through Helm) not applied at all.
 * Undefined for an object that is no hook.
 */
export function chartHookOf(
  annotations: Record<string, string> | undefined,
): ChartHook | 'dropped' | undefined {
  const value = annotations?.[HOOK];
  if (value === undefined) {
    return undefined;
  }
  const events = value.split(',').map(e => e.trim());
  const weight = Number.parseInt(annotations?.[WEIGHT] ?? '0', 10) || 0;
  if (events.includes('pre-install') || events.includes('pre-upgrade')) {
    return { phase: 'pre', weight };
  }
  if (events.includes('post-install') || events.includes('post-upgrade')) {
    return { phase: 'post', weight };
  }
  return 'dropped';
}
