import type { DoraFigures } from '@slipway/backstage-plugin-slipway-common';
import type { ReleaseStore } from '../store/ReleaseStore';
import { doraFigures } from './doraFigures';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One service in one environment, as its DORA figures are asked for. */
export type DoraTarget = { id: string; service: string; environment: string };

/**
 * The DORA figures of each target over the window before `now`, from one
 * read of their release history (at most `mostReleases` releases).
 */
export async function doraOfTargets<T extends DoraTarget>(
  releases: ReleaseStore,
  targets: T[],
  options: { windowDays: number; now: number; mostReleases: number },
): Promise<Array<{ target: T; figures: DoraFigures }>> {
  const { windowDays, now } = options;
  const history = await releases.list(
    targets.map(t => t.id),
    { since: now - windowDays * DAY_MS, limit: options.mostReleases },
  );
  return targets.map(target => ({
    target,
    figures: doraFigures(
      target.environment,
      history.filter(r => r.service === target.service),
      { windowDays, now },
    ),
  }));
}
