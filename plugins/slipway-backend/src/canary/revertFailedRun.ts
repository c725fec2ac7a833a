import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  CanaryStatus,
  Release,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import {
  ConfigRepoWriter,
  SLIPWAY_COMMIT_AUTHOR,
} from '@slipway/backstage-plugin-slipway-node';
import {
  GitCredentials,
  GitRepositoryCache,
  planRestore,
} from '@slipway/engine';
import type { CanaryRow } from '../store/CanaryStore';
import type { DeliveryStore } from '../store/DeliveryStore';
import type { ReleaseStore } from '../store/ReleaseStore';
import { targetIdOf } from '../store/types';

export type RevertDeps = {
  environments: SlipwayEnvironment[];
  delivery: DeliveryStore;
  releases: ReleaseStore;
  git: GitRepositoryCache;
  writer: ConfigRepoWriter;
  credentialsFor: (url: string) => Promise<GitCredentials | undefined>;
  auditor: AuditorService;
  logger: LoggerService;
};

const short = (revision: string) => revision.slice(0, 12);

function revertMessage(
  row: CanaryRow,
  status: CanaryStatus,
  good: Release,
  path: string,
) {
  const failed = (status.canaryImages ?? []).join(', ') || status.canarySpec;
  return [
    `Revert ${row.service} in ${row.environment} to ${short(
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
  const { repository, branch, path } = target.spec;
  const source = {
    url: repository,
    branch,
    credentials: await deps.credentialsFor(repository),
  };
  const plan = await planRestore({
    git: deps.git,
    source,
    path,
    toRevision: good.revision,
  });
  if (Object.keys(plan.files).length === 0) {
    return;
  }
  const message = revertMessage(row, status, good, path);
  const [title, , ...body] = message.split('\n');
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
    const written = await deps.writer.write({
      repository,
      branch,
      mode: mode === 'revert' ? 'commit' : 'pull-request',
      change: { files: plan.files, message, author: SLIPWAY_COMMIT_AUTHOR },
      pullRequest: {
        branch: `slipway/revert-${service}-in-${environment}`,
        title,
        body: body.join('\n'),
      },
    });
    await deps.releases.followUp(status.runId, {
      kind: 'revert',
      mode: written.mode,
      toRevision: good.revision,
      branch: written.branch,
      revision: written.revision,
      url: written.url,
      at: new Date().toISOString(),
    });
    if (written.mode === 'commit' && written.changed) {
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
