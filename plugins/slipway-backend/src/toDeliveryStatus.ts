import type { DeliveryTarget } from '@slipway/backstage-plugin-slipway-common';
import { freezeOf } from './freeze/freezeOf';
import { withPublicRepository } from './routes/publicRepository';
import type { ReconciliationRecord, TargetRecord } from './store/types';

/** What the API says about one environment of an entity. */
export function toDeliveryStatus(
  target: DeliveryTarget,
  record: TargetRecord | undefined,
  lastReconcile?: ReconciliationRecord,
) {
  const status = record?.status;
  const { repository } = withPublicRepository(target);
  return {
    ...target,
    repository,
    suspended: record?.suspended ?? false,
    suspendedBy: record?.suspendedBy ?? null,
    reconciling: Boolean(record?.leaseOwner),
    nextRunAt:
      record && !record.suspended
        ? new Date(record.nextRunAt).toISOString()
        : null,
    lastAttemptedRevision: status?.lastAttemptedRevision ?? null,
    lastAppliedRevision: status?.lastAppliedRevision ?? null,
    commit: commitOf(repository, status),
    chart: status?.chart ?? null,
    conditions: status?.conditions ?? [],
    inventory: status?.health ?? [],
    drift: status?.drift ?? null,
    pendingPrune: status?.pendingPrune ?? null,
    freeze: record ? freezeOf(record, new Date()) ?? null : null,
    lastReconcile: lastReconcile
      ? {
          startedAt: new Date(lastReconcile.startedAt).toISOString(),
          durationMs: lastReconcile.finishedAt - lastReconcile.startedAt,
          result: lastReconcile.result,
          trigger: lastReconcile.trigger,
        }
      : null,
  };
}

/**
 * The commit that last changed what this service renders (not the
 * repository's head, which may have changed only other services); the head
 * until the service has been applied.
 */
function commitOf(repository: string, status: TargetRecord['status']) {
  const change = status?.lastChange;
  const revision = change ? change.revision : status?.lastAttemptedRevision;
  const commit = change ? change.commit : status?.commit;
  return commit && revision
    ? { ...commit, revision, url: commitUrl(repository, revision) }
    : null;
}

/** A web link to the commit, for repositories served over https (GitHub, Gitea and alike). */
function commitUrl(repository: string, revision?: string): string | null {
  if (!revision || !/^https:\/\//.test(repository)) {
    return null;
  }
  return `${repository
    .replace(/\.git$/, '')
    .replace(/\/$/, '')}/commit/${revision}`;
}
