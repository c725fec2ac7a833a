import type { DeliveryTarget } from '@slipway/backstage-plugin-slipway-common';
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
    commit: status?.commit
      ? {
          ...status.commit,
          url: commitUrl(repository, status.lastAttemptedRevision),
        }
      : null,
    conditions: status?.conditions ?? [],
    inventory: status?.health ?? [],
    drift: status?.drift ?? null,
    pendingPrune: status?.pendingPrune ?? null,
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

/** A web link to the commit, for repositories served over https (GitHub, Gitea and alike). */
function commitUrl(repository: string, revision?: string): string | null {
  if (!revision || !/^https:\/\//.test(repository)) {
    return null;
  }
  return `${repository
    .replace(/\.git$/, '')
    .replace(/\/$/, '')}/commit/${revision}`;
}
