import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CHART_RELEASE_FILE, parseChartRelease } from '@slipway/model';
import { parse as parseYaml } from 'yaml';
import type { RemoteCharts } from './RemoteCharts';

/**
 * What a directory's remote chart is now (its archive's digest), for the
 * render cache's key: a tree renders again when a range takes a newer
 * version or a tag is pushed again. Empty for any other directory; unique
 * when the chart cannot be had, so that render is not kept.
 */
export async function remoteChartKey(
  tree: string,
  dir: string,
  charts: RemoteCharts | undefined,
): Promise<string> {
  if (!charts) {
    return '';
  }
  const text = await fs
    .readFile(path.join(tree, dir, CHART_RELEASE_FILE), 'utf8')
    .catch(() => undefined);
  if (text === undefined) {
    return '';
  }
  try {
    const parsed = parseChartRelease(parseYaml(text));
    if ('release' in parsed && !('path' in parsed.release.chart)) {
      return (await charts.fetch(parsed.release.chart)).digest;
    }
    return '';
  } catch {
    // The render says what is wrong; its result is not kept.
    return `unavailable ${crypto.randomUUID()}`;
  }
}
