import type { KubernetesObject } from '@kubernetes/client-node';
import { SLIPWAY_PRUNE_ANNOTATION } from '@slipway/model';
import type { ObjectClient } from '../apply/ObjectClient';
import type { ObjectRef } from '../apply/serverSideApply';
import { notFoundIsUndefined, onObject } from '../apply/apiErrorMessage';
import { carriesTarget, OwnershipTarget } from '../apply/ownership';
import { objectKey } from './objectKey';

/**
 * What a prune deleted, and the objects gone from Git it left in place (annotated to be kept, or no
 * longer labelled as this target's).
 *
 * @public
 */
export type PruneResult = {
  deleted: ObjectRef[];
  /** Left in place because the live object carries `slipway.io/prune: disabled`. */
  kept: ObjectRef[];
  /**
   * Left in place because the live object's labels no longer name this
   * target: another service took it, or someone relabelled it by hand.
   */
  notOwned: ObjectRef[];
};

/** The objects of the previous inventory that are no longer in Git. */
export function leftGit(previous: ObjectRef[], current: ObjectRef[]) {
  const wanted = new Set(current.map(objectKey));
  return previous.filter(r => !wanted.has(objectKey(r)));
}

/**
 * Deletes objects that left Git (see leftGit), each only if its live labels
 * still name this target (and its entity annotation, where both are known,
 * this target's entity). Call it only after a fully successful render and
 * apply: a broken render must never look like "everything left Git".
 *
 * @public
 */
export async function prune(
  client: ObjectClient,
  target: Pick<OwnershipTarget, 'service' | 'environment' | 'entity'>,
  leaving: ObjectRef[],
): Promise<PruneResult> {
  const result: PruneResult = { deleted: [], kept: [], notOwned: [] };
  for (const ref of leaving) {
    const header: KubernetesObject = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, namespace: ref.namespace },
    };
    const live = await onObject(header, () =>
      client.read(header).catch(notFoundIsUndefined),
    );
    if (!live) {
      continue; // already gone
    }
    if (!carriesTarget(live, target)) {
      result.notOwned.push(ref);
      continue;
    }
    if (live.metadata?.annotations?.[SLIPWAY_PRUNE_ANNOTATION] === 'disabled') {
      result.kept.push(ref);
      continue;
    }
    await onObject(header, () =>
      client.delete(header).catch(notFoundIsUndefined),
    );
    result.deleted.push(ref);
  }
  return result;
}
