/**
 * True when every field of `desired` has the same value in `live`. Lists
 * must match in length too, so a removed or added item never passes. A
 * false answer only costs a server-side dry run; a true one must be exact.
 */
export function containsDesired(live: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      live.length === desired.length &&
      desired.every((item, i) => containsDesired(live[i], item))
    );
  }
  if (desired !== null && typeof desired === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) {
      return false;
    }
    const liveRecord = live as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(
      ([key, value]) =>
        key in liveRecord && containsDesired(liveRecord[key], value),
    );
  }
  return live === desired;
}
