import { LoggerService } from '@backstage/backend-plugin-api';
import {
  SLIPWAY_LABELS,
  type CanaryPhase,
  type CanaryStatus,
} from '@slipway/backstage-plugin-slipway-common';
import {
  CanaryResource,
  CanaryTickResult,
  durationMs,
  MetricProviderLookup,
  ObjectClient,
  OutboundPolicy,
  ProviderRouter,
  redactSecrets,
  RouterFactory,
  runCanaryTick,
} from '@slipway/engine';
import { ClusterConnections } from '../clusters/ClusterConnections';
import { ClaimedRuns } from '../controller/ClaimedRuns';
import { LiveUpdates } from '../live/LiveUpdates';
import { CanaryRow, CanaryStore, canaryIdOf } from '../store/CanaryStore';
import {
  reportTransition,
  TransitionReporterOptions,
} from './reportTransition';
import { judgeRelease } from './judgeRelease';
import type { ReleaseStore } from '../store/ReleaseStore';

/** Phases that wait on the cluster (a rollout, a gate) are looked at this often. */
const WAITING_RECHECK_MS = 2_000;
/** A settled Canary is looked at this often, to see a new version soon. */
const IDLE_RECHECK_MS = 10_000;

export type CanaryControllerOptions = {
  /** How long a claim lasts without renewal (`slipway.leaseSeconds`). */
  leaseMs: number;
  store: CanaryStore;
  clusters: ClusterConnections;
  logger: LoggerService;
  metricsFor: MetricProviderLookup;
  /** The router of each `spec.provider`: the built-in ones and those modules added. */
  routers: ReadonlyMap<string, RouterFactory>;
  replica: string;
  concurrencyPerCluster: number;
  environments: Array<{
    name: string;
    cluster: string;
    /** Where its Canaries' webhooks may go; the cluster's services when absent. */
    canaryWebhooks?: OutboundPolicy;
  }>;
  /** Where phase changes are reported besides the log (Events always). */
  reporting: Omit<TransitionReporterOptions, 'logger'>;
  /** Tells the Canary tabs that a Canary's status changed. */
  live?: LiveUpdates;
  /** The release history, told of each run's start and verdict. */
  releases?: ReleaseStore;
  /** What follows a failed run besides the report (the revert in Git). */
  onFailure?: (row: CanaryRow, status: CanaryStatus) => Promise<void>;
};

/**
 * Runs the Canaries of every configured cluster: finds them, ticks each
 * when due (one replica at a time, by lease), records every check, and
 * reports every phase change (Event, audit, notification).
 */
export class CanaryController {
  private readonly runs: ClaimedRuns<CanaryRow>;
  private readonly discoveryProblems = new Map<string, string>();
  /** The resourceVersion of each Canary as this replica last wrote it. */
  private readonly lastWritten = new Map<string, string>();

  constructor(private readonly options: CanaryControllerOptions) {
    const { store, clusters, concurrencyPerCluster, replica, logger, leaseMs } =
      options;
    this.runs = new ClaimedRuns({
      what: 'Canaries',
      logger,
      clusters: () => clusters.names(),
      concurrencyPerCluster,
      leaseMs,
      claim: (slots, ms) =>
        store.claimDue({
          owner: replica,
          now: Date.now(),
          leaseMs: ms,
          slots,
        }),
      renew: (items, ms) =>
        store.renewLeases(
          items.map(r => r.id),
          replica,
          Date.now() + ms,
        ),
      clusterOf: row => row.cluster,
      run: row => this.run(row),
    });
  }

  /**
   * Lists into the store the Canaries Slipway delivered: those labelled
   * with an environment on their cluster. Others (another tool's, a test's)
   * are left alone.
   */
  async discover(): Promise<void> {
    const { clusters, store, logger } = this.options;
    for (const [cluster, names] of this.environmentsByCluster()) {
      try {
        const { client } = await clusters.connect(cluster);
        const list = await client.list('slipway.io/v1alpha1', 'Canary', {
          labelSelector: `${SLIPWAY_LABELS.environment} in (${names.join(
            ',',
          )})`,
        });
        await store.syncCluster(
          cluster,
          (list.items as CanaryResource[]).map(c => ({
            id: canaryIdOf({ cluster, ...c.metadata }),
            cluster,
            namespace: c.metadata.namespace,
            name: c.metadata.name,
            service: c.metadata.labels?.[SLIPWAY_LABELS.service],
            environment: c.metadata.labels?.[SLIPWAY_LABELS.environment],
          })),
          Date.now(),
        );
        this.discoveryProblems.delete(cluster);
      } catch (error) {
        // No CRD yet, or the cluster is down: its Canaries wait, the others
        // run, and the log says so once, not every 15 s.
        const problem = `Cannot list Canaries in cluster ${cluster}: ${error}`;
        if (this.discoveryProblems.get(cluster) !== problem) {
          logger.warn(problem);
          this.discoveryProblems.set(cluster, problem);
        }
      }
    }
  }

  private environmentsByCluster(): Map<string, string[]> {
    const byCluster = new Map<string, string[]>();
    for (const { name, cluster } of this.options.environments) {
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), name]);
    }
    return byCluster;
  }

  /**
   * Claims due Canaries up to the free slots and ticks them; a finished tick
   * claims again at once (200 runs stepping together would otherwise queue
   * for seconds).
   */
  tick(): Promise<void> {
    return this.runs.tick();
  }

  stop(): Promise<void> {
    return this.runs.stop();
  }

  private async run(row: CanaryRow): Promise<void> {
    const { store, logger, replica } = this.options;
    let next = Date.now() + WAITING_RECHECK_MS;
    let phase: CanaryPhase | undefined;
    let servingImages: string[] | undefined;
    let changed = false;
    try {
      const { client } = await this.options.clusters.connect(row.cluster);
      const result = await runCanaryTick(row, {
        client,
        router: new ProviderRouter(client, this.options.routers),
        metricsFor: metric => this.options.metricsFor(metric, row.environment),
        webhookPolicy: this.options.environments.find(
          e => e.name === row.environment,
        )?.canaryWebhooks,
        now: new Date(),
      });
      if (result?.failure) {
        logger.warn(`Canary ${row.id}: ${result.failure.message}`);
      }
      if (result) {
        phase = result.status.phase;
        servingImages = result.status.primaryImages;
        next = nextTickAt(result);
        await this.record(client, row, result);
        // A tick that changed nothing writes nothing (the resourceVersion stays): nothing to tell.
        changed =
          result.canary.metadata.resourceVersion !== result.previousVersion;
      }
    } catch (error) {
      // A 409 means someone wrote the Canary since it was read: the next tick starts from that.
      logger.warn(
        `Canary ${row.id}: ${redactSecrets((error as Error).message)}`,
      );
    } finally {
      await store.finish(row.id, replica, {
        nextRunAt: next,
        phase,
        servingImages,
      });
    }
    // Told once the phase is stored: the Delivery tab reads it from there.
    if (changed) {
      this.options.live?.changed(
        await this.options.reporting.entityRefOf(row).catch(() => undefined),
        'canary',
      );
    }
  }

  private async record(
    client: ObjectClient,
    row: CanaryRow,
    result: CanaryTickResult & {
      canary: CanaryResource;
      previous?: CanaryResource['status'];
      previousVersion?: string;
    },
  ) {
    const { store, logger } = this.options;
    const { previous, status } = result;
    // Someone else wrote the Canary since this replica last did (another
    // replica, or this one before a restart): what that status holds is
    // stored again, in case its writer died before the database write.
    if (this.lastWritten.get(row.id) !== result.previousVersion && previous) {
      if (previous.runId && previous.lastMeasurements?.length) {
        await store.recordMeasurements(
          row.id,
          previous.runId,
          previous.lastMeasurements,
        );
      }
      await store.recordRun(row.id, previous);
    }
    if (status.runId) {
      await store.recordMeasurements(row.id, status.runId, result.measurements);
    }
    if (
      previous?.runId !== status.runId ||
      previous?.phase !== status.phase ||
      previous?.message !== status.message
    ) {
      await store.recordRun(row.id, status);
    }
    if (this.options.releases) {
      await judgeRelease(this.options.releases, row, previous, status).catch(
        error => logger.warn(`Canary ${row.id}: release not judged: ${error}`),
      );
    }
    this.lastWritten.set(row.id, result.canary.metadata.resourceVersion!);
    if (result.transition) {
      await reportTransition(
        { ...this.options.reporting, logger },
        client,
        row,
        result.canary,
        result.transition,
      );
    }
    // After the report: the owners hear of the rollback before Git is written.
    if (result.transition?.to === 'Failed' && this.options.onFailure) {
      await this.options
        .onFailure(row, status)
        .catch(error =>
          logger.warn(
            `Canary ${
              row.id
            }: failed, and Git was not reverted: ${redactSecrets(
              (error as Error).message,
            )}`,
          ),
        );
    }
  }
}

/** When the Canary needs looking at again: its next step, or soon while it waits on the cluster. */
function nextTickAt(result: CanaryTickResult & { canary: CanaryResource }) {
  const now = Date.now();
  const { status } = result;
  switch (status.phase) {
    case 'Progressing': {
      const interval = durationMs(result.canary.spec.analysis.interval);
      const due = Date.parse(status.lastStepAt ?? '') + interval;
      return Number.isNaN(due)
        ? now + WAITING_RECHECK_MS
        : Math.max(now + 200, Math.min(due, now + interval));
    }
    case 'Initialized':
    case 'Succeeded':
    case 'Failed':
      return now + IDLE_RECHECK_MS;
    default:
      return now + WAITING_RECHECK_MS;
  }
}
