/** Progress on stderr, figures on stdout: `name: value`, one per line. */
export const progress = (message: string) =>
  process.stderr.write(`[bench] ${message}\n`);
export const figure = (name: string, value: string | number) =>
  process.stdout.write(`${name}: ${value}\n`);

/** Polls once a second until `check` gives a value, saying every 10 s what it waits for. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    if (Date.now() - lastReport > 10_000) {
      progress(`still waiting for ${what}`);
      lastReport = Date.now();
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The value below which `p` of the sorted values fall (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
