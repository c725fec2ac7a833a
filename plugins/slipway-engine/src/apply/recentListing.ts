import type { ObjectClient } from './ObjectClient';

/**
 * One listing per cluster client and key, shared by every caller for which
 * one started at `notBefore` or later: a thousand targets resynced together
 * list each kind once instead of reading each object. A failed listing is
 * not kept.
 */
export function recentListing<T>(
  client: ObjectClient,
  key: string,
  notBefore: number,
  list: () => Promise<T>,
): Promise<T> {
  return client.listings.get(key, list, { notBefore }) as Promise<T>;
}
