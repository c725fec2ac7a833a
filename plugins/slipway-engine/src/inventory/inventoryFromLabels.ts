import { SLIPWAY_FIELD_MANAGER, SLIPWAY_LABELS } from '@slipway/model';
import type { ObjectClient } from '../apply/ObjectClient';
import { recentListing } from '../apply/recentListing';
import { refOf, ObjectRef } from '../apply/serverSideApply';

/** Targets rebuilt together (a fresh database, a thousand new targets) share one listing. */
const SNAPSHOT_TTL_MS = 30_000;

/**
 * Rebuilds a target's inventory from the cluster: every object of every
 * listable kind that carries the target's labels. Used when no stored
 * inventory exists (a new target, or a lost database), so objects that left
 * Git meanwhile are still pruned. One listing per kind serves every service
 * of the environment.
 */
export async function inventoryFromLabels(
  client: ObjectClient,
  target: { service: string; environment: string },
): Promise<ObjectRef[]> {
  const byService = await recentListing(
    client,
    `inventory/${target.environment}`,
    Date.now() - SNAPSHOT_TTL_MS,
    () => listEnvironment(client, target.environment),
  );
  return byService.get(target.service) ?? [];
}

async function listEnvironment(
  client: ObjectClient,
  environment: string,
): Promise<Map<string, ObjectRef[]>> {
  const selector = `${SLIPWAY_LABELS.environment}=${environment},${SLIPWAY_LABELS.service}`;
  const byService = new Map<string, ObjectRef[]>();
  for (const { apiVersion, kind } of await client.listableKinds()) {
    const items = await client
      .listMetadata(apiVersion, kind, selector)
      .catch(error =>
        [403, 404, 405].includes(error?.code) ? [] : Promise.reject(error),
      );
    for (const item of items) {
      // Controllers copy labels onto what they create (a Service's Endpoints):
      // only objects Slipway applied itself are its to prune.
      const appliedBySlipway = item.metadata?.managedFields?.some(
        f => f.manager === SLIPWAY_FIELD_MANAGER && f.operation === 'Apply',
      );
      if (!appliedBySlipway) {
        continue;
      }
      const service = item.metadata!.labels![SLIPWAY_LABELS.service];
      byService.set(service, [
        ...(byService.get(service) ?? []),
        refOf({ ...item, apiVersion, kind }),
      ]);
    }
  }
  return byService;
}
