/** `ms` spread evenly by ±`spread`, so targets added together do not stay in step. */
export function withJitter(ms: number, spread = 0.2): number {
  return Math.round(ms * (1 - spread + Math.random() * 2 * spread));
}

/** Targets share a fetch of their repository, and listings of live objects, at most this old. */
const REUSE_MS = 5_000;
/**
 * What a run may add to the time a commit takes to reach the cluster
 * beyond the spacing of runs: the scheduler's tick before a due target is
 * picked up (1 s), and the run's own fetch, render and apply.
 */
const PICKUP_AND_RUN_MS = 2_000;

/** How old a fetch (and a listing) a run started by its interval may reuse: 5 s, or a quarter of a shorter interval. */
export const pollReuseMs = (intervalMs: number) =>
  Math.min(REUSE_MS, intervalMs / 4);

/**
 * The delay after a good run until the next, so that polling brings a
 * commit to the cluster within one interval: a run may reuse a fetch made
 * before the commit, so the next comes early enough to fetch afresh and
 * apply before the interval is up. Jittered downward only, so targets added
 * together spread out without ever waiting longer.
 */
export function pollDelay(intervalMs: number): number {
  const spacing = Math.max(
    intervalMs / 2,
    intervalMs - pollReuseMs(intervalMs) - PICKUP_AND_RUN_MS,
  );
  return Math.round(spacing * (0.8 + Math.random() * 0.2));
}

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

/** Delay before retrying after `failures` failures in a row: doubling, capped, jittered. */
export function retryDelay(failures: number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
  return withJitter(base, 0.5);
}
