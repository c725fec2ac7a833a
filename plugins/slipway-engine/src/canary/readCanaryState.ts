import type { CanaryTickContext, CanaryState } from './tickTypes';
import { workloadNames } from './canaryResource';
import { delivered, readDeployment } from './workload';

/**
 * The Canary's workloads as the cluster has them now, or undefined when
 * its target Deployment does not exist.
 */
export async function readCanaryState(
  ctx: CanaryTickContext,
): Promise<CanaryState | undefined> {
  const { client, canary, now } = ctx;
  const names = workloadNames(canary);
  const namespace = canary.metadata.namespace;
  const target = await readDeployment(client, namespace, names.canary);
  if (!target) {
    return undefined;
  }
  const current = await delivered(client, target);
  const primary = await readDeployment(client, namespace, names.primary);
  return {
    canary,
    status: { ...canary.status },
    now,
    names,
    target,
    primary,
    current,
    replicas: primary?.spec?.replicas ?? target.spec?.replicas ?? 1,
  };
}
