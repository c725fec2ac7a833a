import {
  durationMs,
  type FreezeWindow,
} from '@slipway/backstage-plugin-slipway-common';
import { CronTime } from 'cron';

/**
 * A freeze window in force: which one, and from when until when.
 *
 * @public
 */
export type ActiveFreezeWindow = { name: string; since: Date; until: Date };

/** Starts are found to the second, as cron names them. */
const PRECISION_MS = 1000;

/**
 * The latest start of `cron` at or before `now` within `lookbackMs`, found
 * by bisection (the cron package only looks forward): the next start after
 * `now - x` moves earlier as x grows.
 */
function latestStart(
  window: FreezeWindow,
  now: number,
  lookbackMs: number,
): number | undefined {
  // The zone is needed twice: CronTime does not apply its own here.
  const cron = new CronTime(window.start, window.timeZone);
  const nextAfter = (x: number) =>
    cron.getNextDateFrom(new Date(now - x), window.timeZone).toMillis();
  if (nextAfter(lookbackMs) > now) {
    return undefined;
  }
  let lo = 0;
  let hi = lookbackMs;
  while (hi - lo > PRECISION_MS) {
    const mid = Math.floor((lo + hi) / 2);
    if (nextAfter(mid) <= now) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return nextAfter(hi);
}

/** Throws when the window's start, duration or time zone is not one. */
export function checkFreezeWindow(window: FreezeWindow): void {
  durationMs(window.duration);
  // Throws on a bad expression or an unknown zone.
  new CronTime(window.start, window.timeZone).sendAt();
}

/**
 * The window of `windows` in force at `now` that ends last (windows that
 * overlap or follow each other make one freeze), or undefined.
 *
 * @public
 */
export function activeFreezeWindow(
  windows: FreezeWindow[],
  now: Date,
): ActiveFreezeWindow | undefined {
  let active: ActiveFreezeWindow | undefined;
  for (const window of windows) {
    const duration = durationMs(window.duration);
    const start = latestStart(window, now.getTime(), duration);
    if (start === undefined || start + duration <= now.getTime()) {
      continue;
    }
    const until = new Date(start + duration);
    if (!active || until > active.until) {
      active = { name: window.name, since: new Date(start), until };
    }
  }
  return active;
}
