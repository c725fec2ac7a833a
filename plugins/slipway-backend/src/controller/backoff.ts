/** `ms` spread evenly by ±`spread`, so targets added together do not stay in step. */
export function withJitter(ms: number, spread = 0.2): number {
  return Math.round(ms * (1 - spread + Math.random() * 2 * spread));
}

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

/** Delay before retrying after `failures` failures in a row: doubling, capped, jittered. */
export function retryDelay(failures: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
  return withJitter(base, 0.5);
}
