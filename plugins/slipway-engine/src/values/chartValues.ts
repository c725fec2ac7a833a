import fs from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { layerValues } from './layerValues';

/**
 * The values a release gives its chart: its values files layered in order,
 * then its inline values (the chart's own defaults are not among them).
 * Read after helm rendered with the same files, so each parses.
 */
export async function layeredChartValues(
  valuesFiles: string[],
  inline: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const files = await Promise.all(
    valuesFiles.map(async file => parseYaml(await fs.readFile(file, 'utf8'))),
  );
  return layerValues([...files, inline]);
}
