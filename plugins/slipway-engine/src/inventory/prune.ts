import type { KubernetesObject } from '@kubernetes/client-node';
import {
  SLIPWAY_ENTITY_ANNOTATION,
  SLIPWAY_LABELS,
  SLIPWAY_PRUNE_ANNOTATION,
} from '@slipway/backstage-plugin-slipway-common';
import type { ObjectClient } from '../apply/ObjectClient';
import type { ObjectRef } from '../apply/serverSideApply';
import { notFoundIsUndefined, onObject } from '../apply/apiErrorMessage';
import { objectKey } from './objectKey';

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

type PruneTarget = { service: string; environment: string; entity?: string };

const ownedBy = (live: KubernetesObject, target: PruneTarget) => {
  const entity = live.metadata?.annotations?.[SLIPWAY_ENTITY_ANNOTATION];
  return (
    live.metadata?.labels?.[SLIPWAY_LABELS.service] === target.service &&
    live.metadata?.labels?.[SLIPWAY_LABELS.environment] ===
      target.environment &&
    (!target.entity || !entity || entity === target.entity)
  );
};

/**
 * Deletes the objects of the previous inventory that are no longer in Git,
 * each only if its live labels still name this target (and its entity
 * annotation, where both are known, this target's entity). Call it only after
 * a fully successful render and apply: a broken render must never look
 * like "everything left Git".
 */
export async function prune(
  client: ObjectClient,
  target: PruneTarget,
  previous: ObjectRef[],
  current: ObjectRef[],
): Promise<PruneResult> {
  const result: PruneResult = { deleted: [], kept: [], notOwned: [] };
  for (const ref of leftGit(previous, current)) {
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
    if (!ownedBy(live, target)) {
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
