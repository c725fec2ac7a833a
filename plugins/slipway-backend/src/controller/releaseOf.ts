import type { KubernetesObject } from '@kubernetes/client-node';
import type { ReconcileResult } from '@slipway/engine';
import type { NewRelease } from '../store/ReleaseStore';
import type { TargetRecord } from '../store/types';

type PodSpec = {
  containers?: Array<{ image?: string }>;
  initContainers?: Array<{ image?: string }>;
};

/** The pod spec of a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob…), if it has one. */
function podSpecOf(object: KubernetesObject): PodSpec | undefined {
  const spec = (object as { spec?: any }).spec;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** Every container image of the applied workloads, each once, in order. */
export function imagesOf(objects: Array<KubernetesObject | undefined>) {
  const images = new Set<string>();
  for (const object of objects) {
    const pod = object && podSpecOf(object);
    for (const c of [
      ...(pod?.initContainers ?? []),
      ...(pod?.containers ?? []),
    ]) {
      if (c.image) images.add(c.image);
    }
  }
  return [...images];
}

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
    images: imagesOf(result.applied.map(a => a.live)),
    message: change.commit?.message ?? '',
    author: change.commit?.author ?? '',
    committedAt: change.commit?.committedAt ?? null,
    appliedAt: status.appliedAt ?? new Date().toISOString(),
  };
}
