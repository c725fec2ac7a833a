const UNITS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
/** Go's form as Flagger takes it, whole numbers only (PromQL ranges take no fractions): `30s`, `1m30s`, `500ms`, `2h`. */
const DURATION = /^(?:[0-9]+(?:ms|h|m|s))+$/;
const PART = /([0-9]+)(ms|h|m|s)/g;

/**
 * Whether `text` is a duration such as `30s`, `1m30s`, `500ms` or `2h`.
 *
 * @public
 */
export const isDuration = (text: string) => DURATION.test(text);

/**
 * `30s`, `1m30s`, `500ms`, `2h` in milliseconds.
 *
 * @public
 */
export function durationMs(duration: string): number {
  if (!isDuration(duration)) {
    throw new Error(
      `"${duration}" is not a duration such as 30s, 1m30s or 500ms`,
    );
  }
  let ms = 0;
  for (const [, amount, unit] of duration.matchAll(PART)) {
    ms += Number(amount) * UNITS[unit as keyof typeof UNITS];
  }
  return ms;
}
