import type { KubernetesObject } from '@kubernetes/client-node';
import { notFoundIsUndefined } from './apiErrorMessage';
import type { ObjectClient } from './ObjectClient';

/** An object as the API server has it, or undefined when it does not exist. */
export async function readObject<T extends KubernetesObject>(
  client: ObjectClient,
  apiVersion: string,
  kind: string,
  /** Undefined for a cluster-scoped kind. */
  namespace: string | undefined,
  name: string,
): Promise<T | undefined> {
  return (await client
    .read({ apiVersion, kind, metadata: { name, namespace } })
    .catch(notFoundIsUndefined)) as T | undefined;
}
