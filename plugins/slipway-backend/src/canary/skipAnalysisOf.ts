import { ConflictError } from '@backstage/errors';
import type {
  DeliveryTarget,
  Release,
} from '@slipway/backstage-plugin-slipway-common';
import {
  CanaryActionRefused,
  requestSkipAnalysis,
  shortRevision,
} from '@slipway/engine';
import type { CanarySkipAnalysis } from '@slipway/model';
import type { ClusterConnections } from '../clusters/ClusterConnections';
import type { CanaryRow, CanaryStore } from '../store/CanaryStore';

/** The canary engine's store and clusters, when it is enabled. */
export type CanaryDeps = { store: CanaryStore; clusters: ClusterConnections };

/**
 * The Canaries that would analyse a rollback's version again, when the
 * rollback asks to skip that: only a release that passed its canary may,
 * and only where a Canary governs the service.
 */
export async function canariesToSkip(
  canaries: CanaryDeps | undefined,
  release: Release,
  target: DeliveryTarget,
): Promise<CanaryRow[]> {
  if (release.verdict !== 'succeeded') {
    throw new ConflictError(
      `release ${release.id} (${shortRevision(release.revision)}) ${
        release.verdict === 'released'
          ? 'was released without a canary'
          : `is ${release.verdict}`
      }: only a release that passed its canary may skip the analysis`,
    );
  }
  const rows = canaries
    ? await canaries.store.ofService(target.service, target.environment)
    : [];
  if (rows.length === 0) {
    throw new ConflictError(
      `no Canary governs ${target.service} in ${target.environment} now: there is no analysis to skip`,
    );
  }
  return rows;
}

/** Writes the request on each Canary: its next run of those images is promoted at once. */
export async function skipAnalysisOf(
  canaries: CanaryDeps | undefined,
  rows: CanaryRow[],
  request: CanarySkipAnalysis,
): Promise<void> {
  for (const row of rows) {
    const { client } = await canaries!.clusters.connect(row.cluster);
    await requestSkipAnalysis(client, row, request).catch(error => {
      throw error instanceof CanaryActionRefused
        ? new ConflictError(error.message)
        : error;
    });
    await canaries!.store.dueNow(row.id);
  }
}
