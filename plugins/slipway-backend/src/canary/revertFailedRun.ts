import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  type CanaryStatus,
  type Release,
  type SlipwayEnvironment,
  withChangeTrailers,
} from '@slipway/backstage-plugin-slipway-common';
import {
  restoreService,
  type RestoreDeps,
} from '@slipway/backstage-plugin-slipway-node';
import { shortRevision } from '@slipway/engine';
import type { CanaryRow } from '../store/CanaryStore';
import type { DeliveryStore } from '../store/DeliveryStore';
import type { ReleaseStore } from '../store/ReleaseStore';
import { targetIdOf } from '../store/types';

export type RevertDeps = RestoreDeps & {
  environments: SlipwayEnvironment[];
  delivery: DeliveryStore;
  releases: ReleaseStore;
  auditor: AuditorService;
  logger: LoggerService;
};

function revertMessage(
  row: CanaryRow,
  status: CanaryStatus,
  good: Release,
  path: string,
) {
  const failed = (status.canaryImages ?? []).join(', ') || status.canarySpec;
  return [
    `Revert ${row.service} in ${row.environment} to ${shortRevision(
      good.revision,
    )}: its canary failed`,
    '',
    `Canary ${row.namespace}/${row.name} rolled back ${failed} (run ${status.runId}): ${status.message}`,
    '',
    `Restores ${path} to ${good.revision} ("${
      good.message.split('\n')[0]
    }"), the release that serves ${good.images.join(
      ', ',
    )}, so that Git again says what runs.`,
  ].join('\n');
}

/**
 * After a failed canary run, makes Git say what serves again: the
 * service's directory restored to its newest release that serves the
 * primary's images, as a commit or a pull request (the environment's
 * `onCanaryFailure`). Touches nothing outside that directory; writes
 * nothing when Git already holds it, or when no recorded release serves
 * those images (then the log says so).
 */
export async function revertFailedRun(
  deps: RevertDeps,
  row: CanaryRow,
  status: CanaryStatus,
) {
  const { service, environment } = row;
  const env = deps.environments.find(e => e.name === environment);
  const mode = env?.onCanaryFailure ?? 'none';
  if (!service || !environment || !status.runId || mode === 'none') {
    return;
  }
  const entityRef = await deps.delivery.entityRefOfService(
    service,
    environment,
  );
  const target =
    entityRef &&
    (await deps.delivery.target(targetIdOf(entityRef, environment)));
  if (!target) {
    return;
  }
  const serving = status.primaryImages ?? [];
  const good = await deps.releases.lastServing(target.id, serving);
  if (!good) {
    deps.logger.warn(
      `Canary ${
        row.id
      } failed, but no recorded release of ${service} in ${environment} serves ${
        serving.join(', ') || 'its primary'
      }: Git is not reverted; restore ${target.spec.path} by hand`,
    );
    return;
  }
  const message = withChangeTrailers(
    revertMessage(row, status, good, target.spec.path),
    'revert',
  );
  const audit = await deps.auditor.createEvent({
    eventId: 'canary-failure-revert',
    severityLevel: 'medium',
    meta: {
      entityRef,
      environment,
      canary: `${row.namespace}/${row.name}`,
      runId: status.runId,
      mode,
      toRevision: good.revision,
      reason: status.message,
    },
  });
  try {
    const written = await restoreService(
      {
        target: target.spec,
        toRevision: good.revision,
        mode: mode === 'revert' ? 'commit' : 'pull-request',
        message,
        pullRequestBranch: `slipway/revert-${service}-in-${environment}`,
      },
      deps,
    );
    if (!written.changed) {
      await audit.success();
      return;
    }
    await deps.releases.followUp(status.runId, {
      kind: 'revert',
      mode: written.mode,
      toRevision: good.revision,
      branch: written.branch,
      revision: written.revision,
      url: written.url,
      at: new Date().toISOString(),
    });
    if (written.mode === 'commit') {
      // Only this service's files changed: its target applies the revert now, not at its next poll.
      await deps.delivery.requestSync(
        { ids: [target.id] },
        'revert',
        Date.now(),
      );
    }
    await audit.success();
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
