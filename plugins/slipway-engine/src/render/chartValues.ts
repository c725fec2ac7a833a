import fs from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's layering: maps merge key by key, anything else replaces, and null removes a key. */
function coalesce(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) {
      delete out[key];
    } else if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = coalesce(out[key] as Record<string, unknown>, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The values a release gives its chart: its values files layered in order,
 * then its inline values (the chart's own defaults are not among them).
 * Read after helm rendered with the same files, so each parses.
 */
export async function layeredChartValues(
  valuesFiles: string[],
  inline: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let values: Record<string, unknown> = {};
  for (const file of valuesFiles) {
    const parsed = parseYaml(await fs.readFile(file, 'utf8'));
    if (isPlainObject(parsed)) {
      values = coalesce(values, parsed);
    }
  }
  return coalesce(values, inline);
}
