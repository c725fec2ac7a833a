import type { ImageAutomationStatus } from '@slipway/backstage-plugin-slipway-common';
import {
  describeImageAutomation,
  type TargetImageAutomation,
} from '@slipway/backstage-plugin-slipway-node';
import { Knex } from 'knex';

const TABLE = 'slipway_image_automation';

/** One target's image automation state, as stored. */
export type ImageAutomationRecord = {
  targetId: string;
  policy: string;
  image?: string;
  newest?: string;
  inGit?: string;
  deployed?: string;
  deployedRevision?: string;
  checkedAt?: number;
  nextCheckAt: number;
  failures: number;
  error?: string;
  lastCommit?: {
    revision: string;
    message: string;
    committedAt: number;
    url?: string;
  };
  lastWritten?: string;
};

const columns = (r: Partial<ImageAutomationRecord>) => ({
  policy: r.policy,
  image: r.image ?? null,
  newest: r.newest ?? null,
  in_git: r.inGit ?? null,
  deployed: r.deployed ?? null,
  deployed_revision: r.deployedRevision ?? null,
  checked_at: r.checkedAt ?? null,
  next_check_at: r.nextCheckAt ?? 0,
  failures: r.failures ?? 0,
  error: r.error ?? null,
  last_commit_revision: r.lastCommit?.revision ?? null,
  last_commit_message: r.lastCommit?.message ?? null,
  last_commit_at: r.lastCommit?.committedAt ?? null,
  last_commit_url: r.lastCommit?.url ?? null,
  last_written: r.lastWritten ?? null,
});

const optional = <T>(value: T | null): T | undefined => value ?? undefined;
const optionalNumber = (value: unknown) =>
  value === null || value === undefined ? undefined : Number(value);

function toRecord(row: any): ImageAutomationRecord {
  return {
    targetId: row.target_id,
    policy: row.policy,
    image: optional(row.image),
    newest: optional(row.newest),
    inGit: optional(row.in_git),
    deployed: optional(row.deployed),
    deployedRevision: optional(row.deployed_revision),
    checkedAt: optionalNumber(row.checked_at),
    nextCheckAt: Number(row.next_check_at),
    failures: row.failures,
    error: optional(row.error),
    lastCommit: row.last_commit_revision
      ? {
          revision: row.last_commit_revision,
          message: row.last_commit_message,
          committedAt: Number(row.last_commit_at),
          url: optional(row.last_commit_url),
        }
      : undefined,
    lastWritten: optional(row.last_written),
  };
}

/** Image automation state per delivery target, in the Backstage database. */
export class ImageAutomationStore {
  /** On a migrated database: see openStores. */
  constructor(private readonly db: Knex) {}

  async get(targetId: string): Promise<ImageAutomationRecord | undefined> {
    const row = await this.db(TABLE).where('target_id', targetId).first();
    return row ? toRecord(row) : undefined;
  }

  async save(record: ImageAutomationRecord, now: number): Promise<void> {
    await this.db(TABLE)
      .insert({
        target_id: record.targetId,
        ...columns(record),
        updated_at: now,
      })
      .onConflict('target_id')
      .merge();
  }

  /** Every stored record, by target id: one read per automation run. */
  async all(): Promise<Map<string, ImageAutomationRecord>> {
    const rows = await this.db(TABLE);
    return new Map(rows.map(row => [row.target_id, toRecord(row)]));
  }

  /** Forgets targets that no longer have a policy. */
  async remove(targetIds: string[]): Promise<void> {
    for (let i = 0; i < targetIds.length; i += 100) {
      await this.db(TABLE)
        .whereIn('target_id', targetIds.slice(i, i + 100))
        .delete();
    }
  }
}

/** What the Delivery API shows of a record. */
export function toImageAutomationStatus(
  record: ImageAutomationRecord,
): ImageAutomationStatus {
  const iso = (ms?: number) =>
    ms === undefined ? null : new Date(ms).toISOString();
  return {
    policy: record.policy,
    image: record.image ?? null,
    newest: record.newest ?? null,
    deployed: record.deployed ?? null,
    inGit: record.inGit ?? null,
    checkedAt: iso(record.checkedAt),
    error: record.error ?? null,
    lastCommit: record.lastCommit
      ? {
          revision: record.lastCommit.revision,
          message: record.lastCommit.message,
          committedAt: iso(record.lastCommit.committedAt)!,
          url: record.lastCommit.url ?? null,
        }
      : null,
  };
}

/** What the Delivery API shows of a target whose registry was not checked yet. */
export function uncheckedImageAutomationStatus(
  automation: TargetImageAutomation,
): ImageAutomationStatus {
  const valid = 'policy' in automation;
  return {
    policy: describeImageAutomation(automation),
    image: (valid && automation.policy.image) || null,
    newest: null,
    deployed: null,
    inGit: null,
    checkedAt: null,
    error: valid ? null : automation.error,
    lastCommit: null,
  };
}
