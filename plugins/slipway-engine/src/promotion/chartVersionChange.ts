import { parseDocument } from 'yaml';
import { chartReleaseIn } from '../images/rewriteChartValues';

/** Which chart a release names, without its version: two environments release the same one when equal. */
function chartOf(chart: Record<string, unknown>) {
  if ('oci' in chart) return `oci ${chart.oci}`;
  if ('repository' in chart) return `${chart.repository} ${chart.name}`;
  return undefined; // in the config repository: no version to carry
}

/**
 * The change of the target's release file that gives it the source's chart
 * version, when both release the same chart from a repository or registry
 * at different versions (a chart in the config repository has none to
 * carry).
 */
export async function chartVersionChange(
  sourceDir: string,
  targetDir: string,
): Promise<{ from: string; to: string; text: string } | undefined> {
  const [source, target] = await Promise.all([
    chartReleaseIn(sourceDir),
    chartReleaseIn(targetDir),
  ]);
  if (!source || !target) {
    return undefined;
  }
  const from = target.release.chart as Record<string, unknown>;
  const to = source.release.chart as Record<string, unknown>;
  const same = chartOf(from) !== undefined && chartOf(from) === chartOf(to);
  if (!same || from.version === to.version) {
    return undefined;
  }
  return {
    from: String(from.version),
    to: String(to.version),
    text: withChartVersion(target.text, String(to.version)),
  };
}

/** A release file's text with another chart version, comments kept. */
export function withChartVersion(text: string, version: string): string {
  const doc = parseDocument(text);
  doc.setIn(['chart', 'version'], version);
  return String(doc);
}

export { CHART_RELEASE_FILE } from '@slipway/model';
