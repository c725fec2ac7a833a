const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * `30s`, `1m`, `500ms`, `2h` in milliseconds.
 *
 * @public
 */
export function durationMs(duration: string): number {
  const match = /^([0-9]+)(ms|s|m|h)$/.exec(duration);
  if (!match) {
    throw new Error(`"${duration}" is not a duration such as 30s, 1m or 500ms`);
  }
  return Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
}
