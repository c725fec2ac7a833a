import fs from 'node:fs/promises';
import path from 'node:path';
import { CHART_RELEASE_FILE, parseChartRelease } from '@slipway/model';
import { parse as parseYaml } from 'yaml';
import type { RemoteCharts } from '../charts/RemoteCharts';
import { type ChartCapabilities, helmTemplate } from './helmTemplate';
import type { RenderedDirectory } from './renderDirectory';

/**
 * Renders a service directory that holds a chart release file: the file
 * validated (every problem naming its field), then `helm template`.
 */
export async function renderChartRelease(options: {
  tree: string;
  /** The service directory, relative to the tree. */
  path: string;
  helm?: string;
  defaultNamespace?: string;
  capabilities?: ChartCapabilities;
  charts?: RemoteCharts;
}): Promise<RenderedDirectory> {
  const file = path.posix.join(options.path, CHART_RELEASE_FILE);
  const refused = (messages: string[]) => ({
    manifests: [],
    issues: messages.map(message => ({ file, message })),
  });
  let raw: unknown;
  try {
    raw = parseYaml(await fs.readFile(path.join(options.tree, file), 'utf8'));
  } catch (error) {
    return refused([`is not YAML: ${(error as Error).message}`]);
  }
  const parsed = parseChartRelease(raw);
  if ('problems' in parsed) {
    return refused(parsed.problems);
  }
  if (!options.helm) {
    return refused([
      'needs helm, and no helm binary is configured (slipway.reconcile.helmPath)',
    ]);
  }
  return helmTemplate({
    helm: options.helm,
    tree: options.tree,
    dir: options.path,
    file,
    release: parsed.release,
    defaultNamespace: options.defaultNamespace,
    capabilities: options.capabilities,
    charts: options.charts,
  });
}
