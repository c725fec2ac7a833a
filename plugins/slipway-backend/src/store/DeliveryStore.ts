import type { TargetStatus } from '@slipway/engine';
import { Knex } from 'knex';
import {
  ClaimConflict,
  ResolvedClaims,
  resolveClaims,
} from '../claims/resolveClaims';
import {
  CLAIMS,
  CONFLICTS,
  toClaim,
  toConflict,
  writeClaims,
} from './claimRows';
import { claimDueRows, renewLeases } from './leases';
import { ReconciliationRecord, TargetDefinition, TargetRecord } from './types';

const TARGETS = 'slipway_targets';
const HISTORY = 'slipway_reconciliations';
const DELIVERIES = 'slipway_webhook_deliveries';
const DELIVERIES_KEPT_MS = 24 * 60 * 60 * 1000;
/** Reconciliations kept per target (a few more until the next trim). */
export const HISTORY_KEPT = 50;

const toNumber = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);
const json = <T>(v: unknown): T | undefined =>
  typeof v === 'string' ? (JSON.parse(v) as T) : undefined;

function toTarget(row: any): TargetRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    spec: json(row.spec)!,
    status: json<TargetStatus>(row.status),
    suspended: Boolean(row.suspended),
    suspendedBy: row.suspended_by ?? undefined,
    pruneConfirmed: row.prune_confirmed ?? undefined,
    manualFreeze:
      row.frozen_until === null || row.frozen_until === undefined
        ? undefined
        : {
            since: Number(row.frozen_since),
            until: Number(row.frozen_until),
            by: row.frozen_by,
            reason: row.frozen_reason,
          },
    breakGlass: row.break_glass_revision
      ? { revision: row.break_glass_revision, by: row.break_glass_by }
      : undefined,
    nextRunAt: Number(row.next_run_at),
    syncRequestedAt: toNumber(row.sync_requested_at),
    syncTrigger: row.sync_trigger ?? undefined,
    failures: Number(row.failures),
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: toNumber(row.lease_expires_at),
    updatedAt: Number(row.updated_at),
  };
}

function toReconciliation(row: any): ReconciliationRecord {
  return {
    id: Number(row.id),
    targetId: row.target_id,
    replica: row.replica,
    trigger: row.trigger,
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    revision: row.revision ?? undefined,
    result: row.result,
    reason: row.reason,
    message: row.message,
    changes: json(row.changes)!,
  };
}

/**
 * Delivery targets, their status and their history in the Backstage
 * database (SQLite by default, PostgreSQL in production). A target is run
 * by the replica holding its lease; the lease is taken with a conditional
 * update, so two replicas on one database never run a target together.
 */
export class DeliveryStore {
  /** On a migrated database: see openStores. */
  constructor(private readonly db: Knex) {}

  /** The installation's salt for hashes of masked values, made by the masking migration. */
  async maskSalt(): Promise<string> {
    const row = await this.db('slipway_settings')
      .where('key', 'mask-salt')
      .first('value');
    return row.value;
  }

  /**
   * Takes one catalog pass: decides who holds each service and path (see
   * resolveClaims), stores claims and conflicts, and makes the stored
   * targets the granted ones, all in one commit. New targets are due at
   * once; gone or conflicting ones are forgotten with their history.
   */
  async syncCatalog(input: {
    candidates: TargetDefinition[];
    unreadable: Set<string>;
    now: number;
  }): Promise<ResolvedClaims> {
    return this.db.transaction(async tx => {
      const established = new Set<string>(
        (await tx(TARGETS).select('id')).map(r => r.id),
      );
      const resolved = resolveClaims({
        ...input,
        held: (await tx(CLAIMS).select()).map(toClaim),
        previousConflicts: (await tx(CONFLICTS).select()).map(toConflict),
        established,
      });
      await writeClaims(tx, resolved.claims, resolved.conflicts);
      await this.replaceTargets(tx, resolved.granted, established, input.now);
      return resolved;
    });
  }

  /** A catalog pass where every entity's annotations could be read. */
  async syncTargets(targets: TargetDefinition[], now: number): Promise<void> {
    await this.syncCatalog({ candidates: targets, unreadable: new Set(), now });
  }

  /** Conflicts this entity is in: its own targets refused, and others contesting what it holds. */
  async conflictsOf(
    entityRef: string,
  ): Promise<{ refused: ClaimConflict[]; contested: ClaimConflict[] }> {
    const rows = (
      await this.db(CONFLICTS)
        .where('entity_ref', entityRef)
        .orWhere('held_by_entity', entityRef)
        .orderBy('target_id')
    ).map(toConflict);
    return {
      refused: rows.filter(c => c.entityRef === entityRef),
      contested: rows.filter(c => c.heldBy.entityRef === entityRef),
    };
  }

  /** Upserts `targets` and deletes the rest of `existing` (the ids stored before), with their history. */
  private async replaceTargets(
    tx: Knex.Transaction,
    targets: TargetDefinition[],
    existing: Set<string>,
    now: number,
  ): Promise<void> {
    const rows = targets.map(t => ({
      id: t.id,
      entity_ref: t.entityRef,
      environment: t.spec.environment,
      cluster: t.spec.cluster,
      repository: t.spec.repository,
      branch: t.spec.branch,
      spec: JSON.stringify(t.spec),
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await tx(TARGETS)
        .insert(rows.slice(i, i + 100))
        .onConflict('id')
        .merge([
          'entity_ref',
          'environment',
          'cluster',
          'repository',
          'branch',
          'spec',
        ]);
    }
    const wanted = new Set(rows.map(r => r.id));
    const gone = [...existing].filter(id => !wanted.has(id));
    for (let i = 0; i < gone.length; i += 100) {
      await tx(HISTORY)
        .whereIn('target_id', gone.slice(i, i + 100))
        .delete();
      await tx(TARGETS)
        .whereIn('id', gone.slice(i, i + 100))
        .delete();
    }
  }

  /**
   * Takes the lease of up to `slots(cluster)` due targets per cluster and
   * returns them. Suspended targets and targets leased elsewhere are skipped.
   */
  async claimDue(options: {
    owner: string;
    now: number;
    leaseMs: number;
    slots: Map<string, number>;
  }): Promise<TargetRecord[]> {
    const rows = await claimDueRows(this.db, TARGETS, {
      ...options,
      where: q => q.where('suspended', false),
    });
    return rows.map(toTarget);
  }

  /** The entity whose target delivers `service` to `environment`, if any. */
  async entityRefOfService(
    service: string,
    environment: string,
  ): Promise<string | undefined> {
    const rows = await this.db(TARGETS)
      .where({ environment })
      .select('entity_ref', 'spec');
    return rows.find(r => JSON.parse(r.spec).service === service)?.entity_ref;
  }

  async renewLeases(ids: string[], owner: string, expiresAt: number) {
    await renewLeases(this.db, TARGETS, { ids, owner, expiresAt });
  }

  /**
   * Stores the outcome of a run and its history record, and gives the lease
   * back, in one commit. A sync asked for during the run stays due.
   */
  async finish(
    target: TargetRecord,
    owner: string,
    outcome: {
      status: TargetStatus;
      nextRunAt: number;
      failures: number;
      startedAt: number;
      /** The target's break-glass was applied, or no freeze needed it any more. */
      spentBreakGlass?: boolean;
    },
    record: ReconciliationRecord,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      // A sync asked for after the run started keeps the target due.
      const askedDuringRun = (then: string, otherwise = 'null') =>
        tx.raw(
          `case when sync_requested_at > ? then ${then} else ${otherwise} end`,
          [outcome.startedAt],
        );
      // Only while this replica holds the lease: if it expired and moved on, the newer run's status wins.
      const updated = await tx(TARGETS)
        .where({ id: target.id, lease_owner: owner })
        .update({
          status: JSON.stringify(outcome.status),
          failures: outcome.failures,
          next_run_at: askedDuringRun(
            '0',
            String(Math.round(outcome.nextRunAt)),
          ),
          sync_requested_at: askedDuringRun('sync_requested_at'),
          sync_trigger: askedDuringRun('sync_trigger'),
          // A confirmation is spent once its prune ran (or the set it named is gone).
          ...(!outcome.status.pendingPrune && {
            prune_confirmed: null,
            prune_confirmed_by: null,
          }),
          ...(outcome.spentBreakGlass && {
            break_glass_revision: null,
            break_glass_by: null,
          }),
          lease_owner: null,
          lease_expires_at: null,
          updated_at: Date.now(),
        });
      if (
        updated === 0 &&
        !(await tx(TARGETS).where('id', target.id).first('id'))
      ) {
        return; // the entity left the catalog meanwhile
      }
      await this.recordReconciliation(tx, record);
    });
  }

  private async recordReconciliation(
    tx: Knex.Transaction,
    record: ReconciliationRecord,
  ): Promise<void> {
    await tx(HISTORY).insert({
      target_id: record.targetId,
      replica: record.replica,
      trigger: record.trigger,
      started_at: record.startedAt,
      finished_at: record.finishedAt,
      revision: record.revision ?? null,
      result: record.result,
      reason: record.reason,
      message: record.message,
      changes: JSON.stringify(record.changes),
    });
    // Trimming on every tenth run is enough, and keeps a resync of a thousand targets cheap.
    if (Math.random() >= 0.1) {
      return;
    }
    const old = await tx(HISTORY)
      .where('target_id', record.targetId)
      .orderBy('id', 'desc')
      .offset(HISTORY_KEPT)
      .limit(1000)
      .select('id');
    if (old.length > 0) {
      await tx(HISTORY)
        .whereIn(
          'id',
          old.map(r => r.id),
        )
        .delete();
    }
  }

  async allTargets(): Promise<TargetRecord[]> {
    return (await this.db(TARGETS).orderBy('id')).map(toTarget);
  }

  async targetsOf(entityRef: string): Promise<TargetRecord[]> {
    const rows = await this.db(TARGETS)
      .where('entity_ref', entityRef)
      .orderBy('id');
    return rows.map(toTarget);
  }

  async target(id: string): Promise<TargetRecord | undefined> {
    const row = await this.db(TARGETS).where('id', id).first();
    return row ? toTarget(row) : undefined;
  }

  async history(
    targetId: string,
    limit = HISTORY_KEPT,
  ): Promise<ReconciliationRecord[]> {
    const rows = await this.db(HISTORY)
      .where('target_id', targetId)
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toReconciliation);
  }

  async setSuspended(
    id: string,
    suspended: boolean,
    by: string,
  ): Promise<void> {
    await this.db(TARGETS)
      .where('id', id)
      .update({
        suspended,
        suspended_by: suspended ? by : null,
        ...(!suspended && { next_run_at: 0 }),
      });
  }

  /** Freezes one target until `until` (Freeze now), or ends its freeze. */
  async setFrozen(
    id: string,
    freeze: { since: number; until: number; by: string; reason: string } | null,
  ): Promise<void> {
    await this.db(TARGETS)
      .where('id', id)
      .update({
        frozen_since: freeze?.since ?? null,
        frozen_until: freeze?.until ?? null,
        frozen_by: freeze?.by ?? null,
        frozen_reason: freeze?.reason ?? null,
        // A lifted freeze lets what waited apply at once.
        ...(!freeze && { next_run_at: 0 }),
      });
  }

  /** Lets the next run apply `revision` although the target is frozen. */
  async breakGlass(id: string, revision: string, by: string): Promise<void> {
    await this.db(TARGETS).where('id', id).update({
      break_glass_revision: revision,
      break_glass_by: by,
      sync_requested_at: Date.now(),
      sync_trigger: 'break-glass',
      next_run_at: 0,
    });
  }

  /**
   * Confirms the held-back prune of a target, if it still is the one the
   * person saw (same hash), and makes the target due. False when it is not.
   */
  async confirmPrune(id: string, hash: string, by: string): Promise<boolean> {
    const target = await this.target(id);
    if (target?.status?.pendingPrune?.hash !== hash) {
      return false;
    }
    await this.db(TARGETS).where('id', id).update({
      prune_confirmed: hash,
      prune_confirmed_by: by,
      sync_requested_at: Date.now(),
      sync_trigger: 'prune-confirmed',
      next_run_at: 0,
    });
    return true;
  }

  /**
   * Records a webhook delivery id; false when any replica already took that
   * delivery in the last day (a replay, or a redelivery of one acted on).
   */
  async firstDelivery(id: string, now: number): Promise<boolean> {
    await this.db(DELIVERIES)
      .where('received_at', '<', now - DELIVERIES_KEPT_MS)
      .delete();
    try {
      await this.db(DELIVERIES).insert({ id, received_at: now });
      return true;
    } catch (error) {
      if (await this.db(DELIVERIES).where({ id }).first()) {
        return false;
      }
      throw error;
    }
  }

  /** Makes targets due now. Returns how many there were. */
  async requestSync(
    filter: { ids: string[] } | { repository: string[]; branch: string },
    trigger: string,
    now: number,
  ): Promise<number> {
    const query = this.db(TARGETS);
    if ('ids' in filter) {
      query.whereIn('id', filter.ids);
    } else {
      query
        .whereIn('repository', filter.repository)
        .where('branch', filter.branch);
    }
    return query.update({
      sync_requested_at: now,
      sync_trigger: trigger,
      next_run_at: 0,
    });
  }

  /** Targets due now and not suspended: the queue depth. */
  async countDue(now: number): Promise<number> {
    const [{ count }] = await this.db(TARGETS)
      .where('suspended', false)
      .where('next_run_at', '<=', now)
      .count({ count: '*' });
    return Number(count);
  }
}
