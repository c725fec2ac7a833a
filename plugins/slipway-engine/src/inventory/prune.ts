import type { KubernetesObject } from '@kubernetes/client-node';
import { SLIPWAY_PRUNE_ANNOTATION } from '@slipway/backstage-plugin-slipway-common';
import type { ObjectClient } from '../apply/ObjectClient';
import type { ObjectRef } from '../apply/serverSideApply';
import { notFoundIsUndefined, onObject } from '../apply/apiErrorMessage';
import { objectKey } from './objectKey';

export type PruneResult = {
  deleted: ObjectRef[];
  /** Left in place because the live object carries `slipway.io/prune: disabled`. */
  kept: ObjectRef[];
};

/**
 * Deletes the objects of the previous inventory that are no longer in Git.
 * Call it only after a fully successful render and apply: a broken render
 * must never look like "everything left Git".
 */
export async function prune(
  client: ObjectClient,
  previous: ObjectRef[],
  current: ObjectRef[],
): Promise<PruneResult> {
  const wanted = new Set(current.map(objectKey));
  const result: PruneResult = { deleted: [], kept: [] };
  for (const ref of previous.filter(r => !wanted.has(objectKey(r)))) {
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
