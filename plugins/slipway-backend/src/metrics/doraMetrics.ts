import type { DoraFigures } from '@slipway/backstage-plugin-slipway-common';
import { Gauge, Registry } from 'prom-client';
import { doraOfTargets } from '../dora/doraOfTargets';
import type { DeliveryStore } from '../store/DeliveryStore';
import type { ReleaseStore } from '../store/ReleaseStore';

/** The window of the exported figures (label `window`). */
const WINDOW_DAYS = 30;
/** One read of the history serves the four gauges of one scrape. */
const REUSE_MS = 5_000;
/** Releases read for all services per scrape. */
const MOST_RELEASES = 100_000;

type Figures = DoraFigures & { service: string };

/** Every target's DORA figures over the window, from one read of the release history. */
async function allFigures(
  store: DeliveryStore,
  releases: ReleaseStore,
): Promise<Figures[]> {
  const targets = (await store.allTargets()).map(t => ({
    id: t.id,
    service: t.spec.service,
    environment: t.spec.environment,
  }));
  const items = await doraOfTargets(releases, targets, {
    windowDays: WINDOW_DAYS,
    now: Date.now(),
    mostReleases: MOST_RELEASES,
  });
  return items.map(({ target, figures }) => ({
    service: target.service,
    ...figures,
  }));
}

/**
 * The four DORA figures of each service and environment over 30 days, as
 * gauges computed when Prometheus scrapes; a figure with nothing to compute
 * from is left out.
 */
export function registerDoraMetrics(
  registry: Registry,
  store: DeliveryStore,
  releases: ReleaseStore,
) {
  let last: { at: number; figures: Promise<Figures[]> } | undefined;
  const figures = () => {
    if (!last || Date.now() - last.at > REUSE_MS) {
      last = { at: Date.now(), figures: allFigures(store, releases) };
    }
    return last.figures;
  };
  const gauge = (
    name: string,
    help: string,
    value: (f: Figures) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['service', 'environment', 'window'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const f of await figures()) {
          const v = value(f);
          if (v !== null) {
            this.set(
              { service: f.service, environment: f.environment, window: '30d' },
              v,
            );
          }
        }
      },
    });
  gauge(
    'slipway_dora_deployments_per_day',
    'Releases that served per day (DORA deployment frequency)',
    f => f.deploymentsPerDay,
  );
  gauge(
    'slipway_dora_lead_time_seconds',
    'Median time from commit to serving (DORA lead time for changes)',
    f => f.leadTimeSeconds,
  );
  gauge(
    'slipway_dora_change_failure_rate',
    'Failed or rolled-back releases over releases (DORA change failure rate)',
    f => f.changeFailureRate,
  );
  gauge(
    'slipway_dora_time_to_restore_seconds',
    'Median time from a failure to the next release that served (DORA time to restore)',
    f => f.timeToRestoreSeconds,
  );
}
