import type { ObjectClient } from '../apply/ObjectClient';
import type { ObjectRef } from '../apply/serverSideApply';
import { objectHealth, ObjectHealth } from './objectHealth';

/** Reads each object back from the cluster and judges its health. */
export async function readHealth(
  client: ObjectClient,
  refs: ObjectRef[],
): Promise<Array<{ ref: ObjectRef } & ObjectHealth>> {
  const health = [];
  for (const ref of refs) {
    const live = await client
      .read({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: { name: ref.name, namespace: ref.namespace },
      })
      .catch(() => undefined);
    health.push({ ref, ...objectHealth(live) });
  }
  return health;
}
