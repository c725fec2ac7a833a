import type { CanaryStatus } from '@slipway/backstage-plugin-slipway-common';
import type { CanaryRow } from '../store/CanaryStore';
import type { ReleaseStore } from '../store/ReleaseStore';

/**
 * Tells the release history what a tick did to a run: a run that began
 * analyses the service's release of its images; one that ended settles it.
 */
export async function judgeRelease(
  releases: ReleaseStore,
  row: CanaryRow,
  previous: CanaryStatus | undefined,
  status: CanaryStatus,
) {
  const { service, environment } = row;
  if (!status.runId || !service || !environment) {
    return;
  }
  const at = Date.now();
  if (previous?.runId !== status.runId) {
    await releases.runStarted(
      { service, environment, images: status.canaryImages ?? [] },
      status.runId,
      at,
    );
  }
  const ended = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (ended && previous?.phase !== status.phase) {
    await releases.runEnded(status.runId, status.phase!, reasonOf(status), at);
  }
}

/** The run's last message; a promotion without analysis says who asked for it. */
function reasonOf(status: CanaryStatus) {
  const skipped = status.analysisSkipped;
  return skipped &&
    skipped.runId === status.runId &&
    status.phase === 'Succeeded'
    ? `promoted without analysis, as ${skipped.requestedBy} asked: a rollback to a release that passed its canary`
    : status.message ?? '';
}
