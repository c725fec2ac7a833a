import type { ObjectClient } from './ObjectClient';

type Listing = { at: number; value: Promise<unknown> };
const listings = new WeakMap<ObjectClient, Map<string, Listing>>();

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
  let ofClient = listings.get(client);
  if (!ofClient) {
    ofClient = new Map();
    listings.set(client, ofClient);
  }
  const cached = ofClient.get(key);
  if (cached && cached.at >= notBefore) {
    return cached.value as Promise<T>;
  }
  const listing = { at: Date.now(), value: list() };
  const byKey = ofClient;
  listing.value.catch(() => {
    if (byKey.get(key) === listing) {
      byKey.delete(key);
    }
  });
  ofClient.set(key, listing);
  return listing.value;
}
