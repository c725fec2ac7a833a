import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChartRelease } from '@slipway/model';
import { parse as parseYaml, stringify } from 'yaml';
import type { RemoteCharts } from '../charts/RemoteCharts';
import { chartHookOf } from './chartHooks';
import { layeredChartValues } from '../values/chartValues';
import { helmEnv } from './helmEnv';
import { linkOutOf, outOfRepository, within } from './linksOut';
import { parseManifests } from './loadManifests';
import type { RenderedChart, RenderedDirectory } from './renderDirectory';

/**
 * What the target cluster offers, for a chart's `.Capabilities`.
 *
 * @public
 */
export type ChartCapabilities = {
  /** `v1.34.4` */
  kubeVersion?: string;
  /** `apps/v1`, `monitoring.coreos.com/v1/ServiceMonitor`… */
  apiVersions?: string[];
};

/** A path from the service directory that stays inside the exported tree, or undefined. */
function inside(tree: string, dir: string, relative: string) {
  const resolved = path.resolve(tree, dir, relative);
  return within(tree, resolved) ? resolved : undefined;
}

function run(
  helm: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ stdout: string; error?: string }> {
  return new Promise(resolve =>
    execFile(
      helm,
      args,
      { env, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve(
          error
            ? {
                stdout,
                error: (stderr.trim() || error.message).replace(/^Error: /, ''),
              }
            : { stdout },
        ),
    ),
  );
}

/**
 * Renders a chart release with the real helm (`helm template`): the chart,
 * its values files layered in order and the inline values last, the
 * release's name and namespace, the target cluster's capabilities. Chart
 * CRDs are included (applied first, as any CRD); chart tests are not.
 * Failures and unsupported hooks become issues on the release file, with
 * helm's own message; nothing of them is applied.
 */
export async function helmTemplate(options: {
  helm: string;
  /** The exported tree of the config repository. */
  tree: string;
  /** The service directory, relative to the tree. */
  dir: string;
  /** The release file as issues name it (its repository path). */
  file: string;
  release: ChartRelease;
  /** The release's namespace when the file names none. */
  defaultNamespace?: string;
  capabilities?: ChartCapabilities;
  /** Where charts of repositories and registries come from. */
  charts?: RemoteCharts;
  timeoutMs?: number;
}): Promise<RenderedDirectory> {
  const { release, tree, dir, file } = options;
  const issue = (message: string) => ({
    manifests: [],
    issues: [{ file, message }],
  });
  let chartArg: string;
  let chart: RenderedChart;
  if ('path' in release.chart) {
    const chartDir = inside(tree, dir, release.chart.path);
    if (!chartDir) {
      return issue(
        `chart.path ${release.chart.path} leaves the config repository`,
      );
    }
    const link = await linkOutOf(tree, chartDir);
    if (link) {
      return issue(outOfRepository(tree, link));
    }
    chartArg = chartDir;
    const meta = await fs
      .readFile(path.join(chartDir, 'Chart.yaml'), 'utf8')
      .then(text => parseYaml(text) as { name?: unknown; version?: unknown })
      .catch(() => undefined);
    chart = {
      name: String(meta?.name ?? path.basename(chartDir)),
      version: String(meta?.version ?? ''),
      source: release.chart.path,
    };
  } else if (!options.charts) {
    return issue(
      'names a chart repository or registry, and this installation fetches no remote charts',
    );
  } else {
    try {
      const fetched = await options.charts.fetch(release.chart);
      chartArg = fetched.file;
      chart =
        'oci' in release.chart
          ? {
              name: release.chart.oci.split('/').at(-1)!,
              version: fetched.version,
              source: release.chart.oci,
            }
          : {
              name: release.chart.name,
              version: fetched.version,
              source: release.chart.repository,
            };
    } catch (error) {
      return issue(`chart: ${(error as Error).message}`);
    }
  }
  const valuesFiles: string[] = [];
  for (const [i, values] of release.valuesFiles.entries()) {
    const resolved = inside(tree, dir, values);
    if (!resolved) {
      return issue(`valuesFiles.${i} ${values} leaves the config repository`);
    }
    valuesFiles.push(resolved);
  }
  for (const values of valuesFiles) {
    const link = await linkOutOf(tree, values);
    if (link) {
      return issue(outOfRepository(tree, link));
    }
  }
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-helm-'));
  try {
    const inline = path.join(home, 'inline-values.yaml');
    await fs.writeFile(inline, stringify(release.values));
    const namespace =
      release.release.namespace ?? options.defaultNamespace ?? 'default';
    const { kubeVersion, apiVersions = [] } = options.capabilities ?? {};
    const args = [
      'template',
      release.release.name,
      chartArg,
      '--namespace',
      namespace,
      '--include-crds',
      '--skip-tests',
      ...valuesFiles.flatMap(f => ['--values', f]),
      '--values',
      inline,
      ...(kubeVersion ? ['--kube-version', kubeVersion] : []),
      ...apiVersions.flatMap(a => ['--api-versions', a]),
    ];
    const result = await run(
      options.helm,
      args,
      helmEnv(home),
      options.timeoutMs ?? 60_000,
    );
    if (result.error) {
      return issue(
        `helm template failed: ${result.error
          .split(`${tree}/`)
          .join('')
          .split(`${home}/`)
          .join('')}`,
      );
    }
    const rendered = parseManifests(result.stdout, `${file} (helm template)`);
    return {
      chart,
      chartValues: await layeredChartValues(valuesFiles, release.values),
      issues: rendered.issues,
      manifests: rendered.manifests.flatMap(m => {
        const hook = chartHookOf(m.object.metadata.annotations);
        if (hook === 'dropped') return [];
        return hook ? [{ ...m, hook }] : [m];
      }),
    };
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}
