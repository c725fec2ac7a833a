import type { KubernetesObject } from '@kubernetes/client-node';
import type { ObjectClient } from './ObjectClient';
import { recentListing } from './recentListing';

/**
 * Whether an object of this kind and name is in the cluster, as a listing
 * of its kind and namespace started at `notBefore` or later shows: a
 * thousand new targets applied together list each kind once instead of
 * reading each object, and still see what someone else made there.
 */
export async function existsInCluster(
  client: ObjectClient,
  desired: KubernetesObject,
  notBefore: number,
): Promise<boolean> {
  const { apiVersion, kind } = desired;
  const namespace = desired.metadata?.namespace;
  const names = await recentListing(
    client,
    `names/${apiVersion}/${kind}/${namespace ?? ''}`,
    notBefore,
    async () =>
      new Set(
        (
          await client.listMetadata(apiVersion!, kind!, undefined, namespace)
        ).map(item => item.metadata?.name),
      ),
  ).catch(error =>
    // A kind not served yet (its CRD is in this render) has no objects.
    error?.code === 404 ? new Set<string | undefined>() : Promise.reject(error),
  );
  return names.has(desired.metadata?.name);
}
