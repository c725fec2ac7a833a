/**
 * Spaces calls at least `1000 / perSecond` ms apart, in order: a bounded
 * request rate towards one registry, however many images are checked.
 */
export function throttle(
  perSecond: number,
): <T>(call: () => Promise<T>) => Promise<T> {
  const gapMs = 1000 / perSecond;
  let next = 0;
  return async call => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) {
      await new Promise(resolve => setTimeout(resolve, at - now));
    }
    return call();
  };
}
