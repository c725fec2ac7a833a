import type {
  CanaryMeasurement,
  CanaryPhase,
  CanaryRun,
  CanaryStatus,
} from '@slipway/backstage-plugin-slipway-common';
import { Knex } from 'knex';
import { claimDueRows, renewLeases } from './leases';

const CANARIES = 'slipway_canaries';
const MEASUREMENTS = 'slipway_canary_measurements';
const RUNS = 'slipway_canary_runs';
const ENDED = ['Succeeded', 'Failed'];

export type CanaryRow = {
  id: string;
  cluster: string;
  namespace: string;
  name: string;
  service?: string;
  environment?: string;
};

/** A Canary row as the Delivery tab reads it: where its last tick left it. */
export type CanaryStanding = CanaryRow & {
  phase?: CanaryPhase;
  /** The primary's container images, as the last tick read them. */
  servingImages?: string[];
};

export const canaryIdOf = (c: {
  cluster: string;
  namespace: string;
  name: string;
}) => `${c.cluster}/${c.namespace}/${c.name}`;

/**
 * The Canaries found in the clusters and when each is ticked next, and the
 * metric checks of every run. A Canary is ticked by the replica holding its
 * lease; its progress itself lives in the Canary's status, not here.
 */
export class CanaryStore {
  /** On a migrated database: see openStores. */
  constructor(private readonly db: Knex) {}

  /** Makes the cluster's rows the given Canaries: new ones are due at once, gone ones are forgotten. */
  async syncCluster(cluster: string, canaries: CanaryRow[], now: number) {
    await this.db.transaction(async tx => {
      for (const c of canaries) {
        await tx(CANARIES)
          .insert({ ...c, updated_at: now, next_run_at: 0 })
          .onConflict('id')
          .merge(['service', 'environment', 'updated_at']);
      }
      const ids = new Set(canaries.map(c => c.id));
      const gone = (await tx(CANARIES).where('cluster', cluster).select('id'))
        .map(r => r.id as string)
        .filter(id => !ids.has(id));
      if (gone.length > 0) {
        await tx(CANARIES).whereIn('id', gone).delete();
      }
    });
  }

  /** The Canaries the reconciler applied for a service in an environment (by their labels), where their last tick left them. */
  async ofService(
    service: string,
    environment: string,
  ): Promise<CanaryStanding[]> {
    const rows = await this.db(CANARIES)
      .where({ service, environment })
      .orderBy('id')
      .select(
        'id',
        'cluster',
        'namespace',
        'name',
        'service',
        'environment',
        'phase',
        'serving_images',
      );
    return rows.map(({ phase, serving_images, ...row }) => ({
      ...row,
      phase: phase ?? undefined,
      servingImages: serving_images ? JSON.parse(serving_images) : undefined,
    }));
  }

  async claimDue(options: {
    owner: string;
    now: number;
    leaseMs: number;
    slots: Map<string, number>;
  }): Promise<CanaryRow[]> {
    return claimDueRows(this.db, CANARIES, options);
  }

  async renewLeases(ids: string[], owner: string, expiresAt: number) {
    await renewLeases(this.db, CANARIES, { ids, owner, expiresAt });
  }

  /** Makes the Canary's next tick due at once (a portal action is waiting). */
  async dueNow(id: string) {
    await this.db(CANARIES).where({ id }).update({ next_run_at: 0 });
  }

  /** Gives the lease back and sets the next tick; serving images are kept unless a tick read them. */
  async finish(
    id: string,
    owner: string,
    next: { nextRunAt: number; phase?: string; servingImages?: string[] },
  ) {
    await this.db(CANARIES)
      .where({ id, lease_owner: owner })
      .update({
        next_run_at: next.nextRunAt,
        phase: next.phase ?? null,
        ...(next.servingImages && {
          serving_images: JSON.stringify(next.servingImages),
        }),
        lease_owner: null,
        lease_expires_at: null,
        updated_at: Date.now(),
      });
  }

  /** Stores checks; one stored before (a tick repeated after a crash) is not stored twice. */
  async recordMeasurements(
    canaryId: string,
    runId: string,
    measurements: CanaryMeasurement[],
  ) {
    if (measurements.length === 0) {
      return;
    }
    await this.db(MEASUREMENTS)
      .insert(
        measurements.map(m => ({
          canary_id: canaryId,
          run_id: runId,
          metric: m.metric,
          value: m.value ?? null,
          min: m.min ?? null,
          max: m.max ?? null,
          passed: m.passed,
          at: Date.parse(m.at),
          weight: m.weight,
          error: m.error ?? null,
        })),
      )
      .onConflict(['canary_id', 'run_id', 'metric', 'at'])
      .ignore();
  }

  async measurements(
    canaryId: string,
    runId?: string,
  ): Promise<Array<CanaryMeasurement & { runId: string }>> {
    const query = this.db(MEASUREMENTS)
      .where('canary_id', canaryId)
      .orderBy('id');
    if (runId) {
      query.where('run_id', runId);
    }
    return (await query).map(r => ({
      runId: r.run_id,
      metric: r.metric,
      value: r.value ?? undefined,
      min: r.min ?? undefined,
      max: r.max ?? undefined,
      passed: Boolean(r.passed),
      at: new Date(Number(r.at)).toISOString(),
      weight: Number(r.weight),
      error: r.error ?? undefined,
    }));
  }

  /**
   * Stores the run a status describes as it stands. Written from every
   * tick's status, so a run whose row a dead replica did not write is
   * written by the next tick.
   */
  async recordRun(canaryId: string, status: CanaryStatus) {
    if (!status.runId || !status.startedAt || !status.phase) {
      return;
    }
    const ended = ENDED.includes(status.phase);
    const row = {
      spec: status.canarySpec ?? null,
      images: status.canaryImages ? JSON.stringify(status.canaryImages) : null,
      phase: status.phase,
      ended_at: ended
        ? Date.parse(status.lastTransitionTime ?? status.startedAt)
        : null,
      message: status.message ?? null,
    };
    await this.db(RUNS)
      .insert({
        canary_id: canaryId,
        run_id: status.runId,
        started_at: Date.parse(status.startedAt),
        ...row,
      })
      .onConflict(['canary_id', 'run_id'])
      .merge(['spec', 'images', 'phase', 'ended_at', 'message']);
  }

  /** The Canary's runs, newest first. */
  async runs(canaryId: string, limit = 20): Promise<CanaryRun[]> {
    const rows = await this.db(RUNS)
      .where('canary_id', canaryId)
      .orderBy('started_at', 'desc')
      .limit(limit);
    return rows.map(r => ({
      runId: r.run_id,
      spec: r.spec ?? undefined,
      images: r.images ? JSON.parse(r.images) : undefined,
      phase: r.phase,
      startedAt: new Date(Number(r.started_at)).toISOString(),
      endedAt:
        r.ended_at === null
          ? undefined
          : new Date(Number(r.ended_at)).toISOString(),
      durationSeconds:
        r.ended_at === null
          ? undefined
          : (Number(r.ended_at) - Number(r.started_at)) / 1000,
      message: r.message ?? undefined,
    }));
  }
}
