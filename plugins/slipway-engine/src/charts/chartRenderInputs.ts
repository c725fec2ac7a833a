import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CHART_RELEASE_FILE, parseChartRelease } from '@slipway/model';
import { parse as parseYaml } from 'yaml';
import type { ClusterCapabilities, ObjectClient } from '../apply/ObjectClient';
import type { RemoteCharts } from './RemoteCharts';

/**
 * What besides the tree a chart release directory renders from: the
 * cluster's capabilities (its `.Capabilities`) and, for a chart of a
 * repository or registry, the archive's digest (a range taking a newer
 * version, a tag pushed again). Both go into the render cache's key, so a
 * tree renders again when they change. Any other directory has none: its
 * renders do not depend on the cluster. The key is unique when the chart
 * cannot be had, so that failed render is not kept.
 */
export async function chartRenderInputs(
  tree: string,
  dir: string,
  options: { helm?: string; client: ObjectClient; charts?: RemoteCharts },
): Promise<{ key: string; capabilities?: ClusterCapabilities }> {
  if (!options.helm) {
    return { key: '' };
  }
  const text = await fs
    .readFile(path.join(tree, dir, CHART_RELEASE_FILE), 'utf8')
    .catch(() => undefined);
  if (text === undefined) {
    return { key: '' };
  }
  const capabilities = await options.client.capabilities();
  let digest = '';
  try {
    const parsed = parseChartRelease(parseYaml(text));
    if (
      options.charts &&
      'release' in parsed &&
      !('path' in parsed.release.chart)
    ) {
      digest = (await options.charts.fetch(parsed.release.chart)).digest;
    }
  } catch {
    // The render says what is wrong; its result is not kept.
    digest = `unavailable ${crypto.randomUUID()}`;
  }
  return { key: `${JSON.stringify(capabilities)}\0${digest}`, capabilities };
}
