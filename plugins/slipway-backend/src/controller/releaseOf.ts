import { type ReconcileResult, workloadImages } from '@slipway/engine';
import type { NewRelease } from '../store/ReleaseStore';
import type { TargetRecord } from '../store/types';

/**
 * The release a reconcile made, when it applied a change to what the
 * service renders (a new lastChange); none for a resync, a commit that
 * changed only other services, or a failed run.
 */
export function releaseOf(
  target: TargetRecord,
  result: ReconcileResult,
): NewRelease | undefined {
  const { status } = result;
  const change = status.lastChange;
  if (
    result.error ||
    !change ||
    !status.renderedHash ||
    change.revision === target.status?.lastChange?.revision
  ) {
    return undefined;
  }
  return {
    targetId: target.id,
    service: target.spec.service,
    environment: target.spec.environment,
    revision: change.revision,
    renderedHash: status.renderedHash,
    images: workloadImages(
      result.applied.flatMap(a => (a.live ? [a.live] : [])),
    ),
    message: change.commit?.message ?? '',
    author: change.commit?.author ?? '',
    committedAt: change.commit?.committedAt ?? null,
    appliedAt: status.appliedAt ?? new Date().toISOString(),
  };
}
