import {
  type DoraFigures,
  isCanaryHold,
  type Release,
  SERVED_RELEASE_VERDICTS,
} from '@slipway/backstage-plugin-slipway-common';

const DAY_MS = 24 * 60 * 60 * 1000;

const time = (iso: string | null | undefined) =>
  iso ? Date.parse(iso) : undefined;

/** A release rolled back from by a person, or whose canary failed. */
const failed = (r: Release) =>
  r.verdict === 'failed' || (!!r.hold && !isCanaryHold(r.hold));

/** A release that served: its canary promoted it, or it needed none (and nobody rolled it back). */
const served = (r: Release) =>
  SERVED_RELEASE_VERDICTS.includes(r.verdict) && !failed(r);

/** When a release began to serve: its canary's verdict, or its apply. */
const servedAt = (r: Release) => time(r.settledAt) ?? time(r.appliedAt)!;

/** When a release was known to fail: its run's verdict, or the rollback from it. */
const failedAt = (r: Release) =>
  (r.verdict === 'failed' ? time(r.settledAt) : time(r.hold?.at)) ??
  time(r.appliedAt)!;

function median(values: number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The DORA figures of one service in one environment, from its releases
 * (any order), over the `windowDays` before `now`: deployment frequency,
 * lead time for changes, change failure rate and time to restore.
 */
export function doraFigures(
  environment: string,
  releases: Release[],
  options: { windowDays: number; now: number },
): DoraFigures {
  const from = options.now - options.windowDays * DAY_MS;
  const all = releases
    .filter(r => r.environment === environment)
    .sort((a, b) => time(a.appliedAt)! - time(b.appliedAt)!);
  const inWindow = all.filter(r => {
    const at = time(r.appliedAt)!;
    return at >= from && at <= options.now;
  });
  const judged = inWindow.filter(r => served(r) || failed(r));
  const good = judged.filter(served);
  const failures = judged.filter(failed);
  const leadTimes = good.flatMap(r =>
    r.committedAt ? [(servedAt(r) - time(r.committedAt)!) / 1000] : [],
  );
  // A failure is restored by the next release that served, in or after the window.
  const restores = failures.flatMap(f => {
    const next = all.find(
      r => served(r) && time(r.appliedAt)! > time(f.appliedAt)!,
    );
    return next ? [(servedAt(next) - failedAt(f)) / 1000] : [];
  });
  return {
    environment,
    windowDays: options.windowDays,
    releases: judged.length,
    deploymentsPerDay: good.length / options.windowDays,
    leadTimeSeconds: median(leadTimes),
    changeFailureRate: judged.length ? failures.length / judged.length : null,
    timeToRestoreSeconds: median(restores),
  };
}
