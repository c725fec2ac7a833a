import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EMPTY_STATUS,
  failedConditions,
  GitCredentials,
  isRollingOut,
  GitRepositoryCache,
  reconcileTarget,
  ReconcileResult,
  redactSecrets,
  type RemoteCharts,
} from '@slipway/engine';
import { ClusterConnections } from '../clusters/ClusterConnections';
import { LiveUpdates } from '../live/LiveUpdates';
import { DeliveryMetrics } from '../metrics/DeliveryMetrics';
import { DeliveryStore } from '../store/DeliveryStore';
import {
  ReconciliationRecord,
  ReconciliationResult,
  TargetRecord,
} from '../store/types';
import { pollDelay, pollReuseMs, retryDelay, withJitter } from './backoff';
import { ClaimedRuns } from './ClaimedRuns';
import { freezeOf } from '../freeze/freezeOf';
import { releaseOf } from './releaseOf';
import type { ReleaseStore } from '../store/ReleaseStore';

/** A replica that dies mid-run gives its targets up after this. */
/** While objects roll out, health is checked again this often. */
const HEALTH_RECHECK_MS = 5_000;

export type DeliveryControllerOptions = {
  /** How long a claim lasts without renewal (`slipway.leaseSeconds`). */
  leaseMs: number;
  store: DeliveryStore;
  clusters: ClusterConnections;
  git: GitRepositoryCache;
  credentialsFor: (url: string) => Promise<GitCredentials | undefined>;
  logger: LoggerService;
  metrics: DeliveryMetrics;
  /** Names this replica in leases and history. */
  replica: string;
  concurrencyPerCluster: number;
  kustomize?: string;
  /** Path of the helm binary, for chart releases. */
  helm?: string;
  /** Where chart releases' charts come from, when not from the config repository. */
  charts?: RemoteCharts;
  /** The installation's salt for hashes of masked values (DeliveryStore.maskSalt). */
  maskSalt?: string;
  /** Tells the Delivery tabs that a target's status changed. */
  live?: LiveUpdates;
  /** Where each change a reconcile applies is recorded as a release. */
  releases?: ReleaseStore;
};

/** After a failure, back off; while objects roll out, recheck soon; else poll. */
function nextRunDelay(
  result: ReconcileResult,
  failures: number,
  intervalMs: number,
): number {
  if (result.error) {
    return retryDelay(failures);
  }
  if (isRollingOut(result.status)) {
    return withJitter(Math.min(HEALTH_RECHECK_MS, intervalMs));
  }
  return pollDelay(intervalMs);
}

/**
 * Runs due delivery targets: each tick claims what this replica has room
 * for (bounded per cluster), reconciles in the background, stores status
 * and history, and schedules the next run: early enough that polling
 * brings a commit within one interval when all is well, sooner while
 * objects roll out, backing off after failures.
 */
export class DeliveryController {
  private readonly runs: ClaimedRuns<TargetRecord>;

  constructor(private readonly options: DeliveryControllerOptions) {
    const { store, clusters, concurrencyPerCluster, replica, logger, leaseMs } =
      options;
    this.runs = new ClaimedRuns({
      what: 'delivery targets',
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
          items.map(t => t.id),
          replica,
          Date.now() + ms,
        ),
      clusterOf: target => target.spec.cluster,
      run: target => this.start(target),
    });
  }

  /**
   * Claims due targets up to the free slots and starts them. Ticks never
   * overlap in one replica; a tick asked for meanwhile runs right after. A
   * finished run ticks at once, so a slot never waits for the scheduler.
   */
  tick(): Promise<void> {
    return this.runs.tick();
  }

  /** Waits until nothing runs. */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  stop(): Promise<void> {
    return this.runs.stop();
  }

  private async start(target: TargetRecord): Promise<void> {
    const cluster = target.spec.cluster;
    this.options.metrics.running.inc({ cluster });
    try {
      await this.run(target);
    } catch (error) {
      this.options.logger.error(
        `Reconcile of ${target.id} broke: ${(error as Error).stack}`,
      );
    } finally {
      this.options.metrics.running.dec({ cluster });
    }
  }

  private async run(target: TargetRecord): Promise<void> {
    const { store, logger, replica } = this.options;
    const { spec } = target;
    const startedAt = Date.now();
    const trigger = target.syncTrigger ?? (target.status ? 'interval' : 'new');
    const frozen = Boolean(freezeOf(target, new Date(startedAt)));
    const result = await this.reconcile(target, startedAt, frozen);
    const finishedAt = Date.now();

    const failures = result.error ? target.failures + 1 : 0;
    const delay = nextRunDelay(result, failures, spec.intervalSeconds * 1000);
    const record = this.historyRecord(target, result, {
      trigger,
      startedAt,
      finishedAt,
    });
    await store.finish(
      target,
      replica,
      {
        status: result.status,
        nextRunAt: finishedAt + delay,
        failures,
        startedAt,
        spentBreakGlass:
          !!target.breakGlass &&
          (!frozen ||
            result.status.lastAppliedRevision === target.breakGlass.revision),
      },
      record,
    );
    const release = releaseOf(target, result);
    if (release) {
      await this.options.releases
        ?.record(release)
        .catch(error =>
          logger.warn(`${target.id}: release not recorded: ${error}`),
        );
    }
    // A resync that changed nothing (same status, nothing applied) is not news to the tabs.
    if (
      record.result !== 'unchanged' ||
      JSON.stringify(target.status ?? null) !== JSON.stringify(result.status)
    ) {
      this.options.live?.changed(target.entityRef, 'delivery');
    }
    this.observe(target, record, result);
    if (result.error) {
      logger.warn(
        `${target.id}: ${record.reason}: ${
          record.message
        } (retry in ${Math.round(delay / 1000)} s)`,
      );
    } else if (record.result === 'applied') {
      logger.info(
        `${target.id}: applied ${result.status.lastAppliedRevision?.slice(
          0,
          12,
        )} (${record.changes.applied.length} changed, ${
          record.changes.pruned.length
        } pruned)`,
      );
    }
  }

  private async reconcile(
    target: TargetRecord,
    startedAt: number,
    frozen: boolean,
  ): Promise<ReconcileResult> {
    const { spec } = target;
    const previous = target.status ?? EMPTY_STATUS;
    try {
      const { client } = await this.options.clusters.connect(spec.cluster);
      // After a push or a sync request, only what was read since counts.
      const reuseMaxAgeMs =
        target.syncRequestedAt !== undefined
          ? Math.max(0, startedAt - target.syncRequestedAt)
          : pollReuseMs(spec.intervalSeconds * 1000);
      return await reconcileTarget({
        client,
        git: this.options.git,
        target: {
          service: spec.service,
          environment: spec.environment,
          entity: target.entityRef,
          source: {
            url: spec.repository,
            branch: spec.branch,
            credentials: await this.options.credentialsFor(spec.repository),
          },
          path: spec.path,
          defaultNamespace: spec.defaultNamespace,
          allowedNamespaces: spec.allowedNamespaces,
          kindPolicy: spec.kindPolicy,
          adoptUnlabelled: spec.adoptUnlabelled,
          pruneLimits: spec.pruneLimits,
          driftMode: spec.driftMode,
          progressDeadlineSeconds: spec.progressDeadlineSeconds,
          maskRules: spec.maskRules,
          kustomizeRemoteBases: spec.kustomizeRemoteBases,
        },
        previous,
        rebuildInventory: !target.status,
        confirmedPrune: target.pruneConfirmed,
        reuseMaxAgeMs,
        kustomize: this.options.kustomize,
        helm: this.options.helm,
        charts: this.options.charts,
        maskSalt: this.options.maskSalt,
        // Frozen: stay on what is applied, or on the revision a break-glass names.
        stayOn: frozen
          ? target.breakGlass?.revision ?? previous.lastAppliedRevision
          : undefined,
      });
    } catch (error) {
      // Could not even reach the cluster: keep what is known, say why.
      return {
        status: {
          ...previous,
          conditions: failedConditions(
            previous.conditions,
            {
              reason: 'ClusterUnreachable',
              message: redactSecrets((error as Error).message),
              stalled: false,
            },
            new Date(),
          ),
        },
        applied: [],
        error: error as Error,
      };
    }
  }

  private historyRecord(
    target: TargetRecord,
    result: ReconcileResult,
    timing: { trigger: string; startedAt: number; finishedAt: number },
  ): ReconciliationRecord {
    const changed = result.applied.filter(a => a.action !== 'unchanged');
    const pruned = result.pruned?.deleted ?? [];
    const ready = result.status.conditions.find(c => c.type === 'Ready');
    let outcome: ReconciliationResult = 'unchanged';
    if (result.error) {
      outcome = 'failed';
    } else if (changed.length > 0 || pruned.length > 0) {
      outcome = 'applied';
    }
    return {
      targetId: target.id,
      replica: this.options.replica,
      ...timing,
      revision: result.status.lastAttemptedRevision,
      result: outcome,
      reason: ready?.reason ?? 'Unknown',
      message: result.error?.message ?? ready?.message ?? '',
      changes: {
        applied: changed.map(({ live: _live, ...rest }) => rest),
        pruned,
        kept: [
          ...(result.pruned?.kept ?? []),
          ...(result.pruned?.notOwned ?? []),
        ],
      },
    };
  }

  private observe(
    target: TargetRecord,
    record: ReconciliationRecord,
    result: ReconcileResult,
  ) {
    const { metrics } = this.options;
    const labels = {
      cluster: target.spec.cluster,
      environment: target.spec.environment,
    };
    metrics.durations.observe(
      { ...labels, result: record.result },
      (record.finishedAt - record.startedAt) / 1000,
    );
    if (record.result === 'failed') {
      metrics.failures.inc({ ...labels, reason: record.reason });
    }
    const drifted = result.applied.filter(
      a => a.action !== 'unchanged' && a.action !== 'created',
    );
    const isResync =
      result.status.lastAppliedRevision === target.status?.lastAppliedRevision;
    if (isResync && drifted.length > 0) {
      metrics.driftDetected.inc(labels, drifted.length);
      const corrected = drifted.filter(a => a.action === 'configured').length;
      if (corrected > 0) {
        metrics.driftCorrections.inc(labels, corrected);
      }
    }
  }
}
