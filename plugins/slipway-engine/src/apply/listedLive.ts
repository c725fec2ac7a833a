import { KubernetesObject } from '@kubernetes/client-node';
import { SLIPWAY_LABELS } from '@slipway/model';
import type { ObjectClient } from './ObjectClient';
import { recentListing } from './recentListing';

const PAGE_SIZE = 500;

/**
 * The object as a listing of its kind, namespace and environment started
 * at `notBefore` or later shows it, or undefined when the listing does not have it
 * (or may not be made). Listed objects carry no managedFields: they answer
 * "is it still as Git says?", and anything else reads the object itself.
 */
export async function listedLive(
  client: ObjectClient,
  desired: KubernetesObject,
  environment: string,
  notBefore: number,
): Promise<KubernetesObject | undefined> {
  const { apiVersion, kind } = desired;
  const namespace = desired.metadata?.namespace;
  const byName = await recentListing(
    client,
    `${apiVersion}/${kind}/${namespace ?? ''}/${environment}`,
    notBefore,
    async () => {
      const listed = new Map<string | undefined, KubernetesObject>();
      let next: string | undefined;
      do {
        const page = await client.list(apiVersion!, kind!, {
          namespace,
          labelSelector: `${SLIPWAY_LABELS.environment}=${environment}`,
          // Pages keep a thousand Deployments from being one 10 MB response in memory.
          limit: PAGE_SIZE,
          continue: next,
        });
        for (const item of page.items) {
          const { managedFields: _, ...metadata } = item.metadata ?? {};
          listed.set(metadata.name, { ...item, apiVersion, kind, metadata });
        }
        next = page.metadata?._continue;
      } while (next);
      return listed;
    },
  ).catch(() => undefined);
  return byName?.get(desired.metadata?.name);
}
