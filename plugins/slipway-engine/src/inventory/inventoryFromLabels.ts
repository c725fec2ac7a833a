import type { ObjectClient } from '../apply/ObjectClient';
import { refOf, ObjectRef } from '../apply/serverSideApply';
import { targetSelector } from '../labels';

/**
 * Rebuilds a target's inventory from the cluster: every object of every
 * listable kind that carries the target's labels. Used when the stored
 * inventory is lost, so objects that left Git meanwhile are still pruned.
 */
export async function inventoryFromLabels(
  client: ObjectClient,
  target: { service: string; environment: string },
): Promise<ObjectRef[]> {
  const selector = targetSelector(target);
  const refs: ObjectRef[] = [];
  for (const { apiVersion, kind } of await client.listableKinds()) {
    const list = await client
      .list(
        apiVersion,
        kind,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        selector,
      )
      .catch(error =>
        [403, 404, 405].includes(error?.code)
          ? { items: [] }
          : Promise.reject(error),
      );
    for (const item of list.items) {
      // Objects owned by another object (a Deployment's ReplicaSets) are not ours to prune.
      if (!item.metadata?.ownerReferences?.length) {
        refs.push(refOf({ ...item, apiVersion, kind }));
      }
    }
  }
  return refs;
}
