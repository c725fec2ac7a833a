import type { ServingStatus } from '@slipway/backstage-plugin-slipway-common';
import type { CanaryStore } from '../store/CanaryStore';
import type { ReleaseStore } from '../store/ReleaseStore';

/**
 * What each Canary of a service serves in an environment, from where the
 * canary engine's last tick left it. A Canary left Failed means Git still
 * holds the version that failed (a newer one starts a run, and Git going
 * back to the serving one makes it Initialized again): the row is rolled
 * back, with the failed run's images and reason.
 */
export async function servingOf(
  store: CanaryStore,
  service: string,
  environment: string,
  releases?: ReleaseStore,
): Promise<ServingStatus[]> {
  const rows = await store.ofService(service, environment);
  return Promise.all(
    rows.map(async row => {
      const serving: ServingStatus = {
        canary: row.name,
        namespace: row.namespace,
        phase: row.phase ?? null,
        images: row.servingImages ?? [],
      };
      if (row.phase !== 'Failed') {
        return serving;
      }
      const [run] = await store.runs(row.id, 1);
      if (!run || run.phase !== 'Failed') {
        return serving;
      }
      const revert = await releases?.followUpOf(run.runId);
      return {
        ...serving,
        rolledBack: {
          runId: run.runId,
          gitImages: run.images ?? [],
          reason: run.message ?? '',
          at: run.endedAt ?? null,
          ...(revert && { revert }),
        },
      };
    }),
  );
}
