import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CHART_RELEASE_FILE,
  type ChartRelease,
  parseChartRelease,
} from '@slipway/model';
import { parse as parseYaml, parseDocument } from 'yaml';
import type { RemoteCharts } from '../charts/RemoteCharts';
import { isPlainObject } from '../values/isPlainObject';
import { layerValues } from '../values/layerValues';
import type { ImageReference } from './imageReference';
import type { ImageRewrite } from './rewriteImages';

/**
 * A chart release directory that promotion or image automation cannot
 * edit; the message says why.
 *
 * @public
 */
export class ChartValuesError extends Error {}

const at = (values: unknown, dotted: string) =>
  dotted
    .split('.')
    .reduce<unknown>(
      (v, key) => (isPlainObject(v) ? v[key] : undefined),
      values,
    );

/** Reads a YAML file of the tree, or undefined when it is not there. */
const readYaml = (file: string) =>
  fs.readFile(file, 'utf8').then(
    text => ({ text, value: parseYaml(text) as unknown }),
    () => undefined,
  );

/** The release file, parsed; undefined when the directory holds none. */
export async function chartReleaseIn(
  dir: string,
): Promise<{ text: string; release: ChartRelease } | undefined> {
  const file = await readYaml(path.join(dir, CHART_RELEASE_FILE));
  if (!file) {
    return undefined;
  }
  const parsed = parseChartRelease(file.value);
  if ('problems' in parsed) {
    throw new ChartValuesError(
      `${CHART_RELEASE_FILE}: ${parsed.problems.join('; ')}`,
    );
  }
  return { text: file.text, release: parsed.release };
}

/**
 * Sets images in a chart release directory: for each image value path
 * pair of the release (`image.repository` / `image.tag` by default) whose
 * repository, as the values layer it (the chart's own values, the values
 * files in order, the inline values), names an image given, the tag is written in this directory's
 * own values file (the first of `valuesFiles` inside it), else in the
 * release file's inline `values`; comments and layout are kept.
 *
 * @public
 */
export async function rewriteChartValues(
  dir: string,
  images: ImageReference[],
  options: {
    /** Where a chart of a repository or registry comes from, for its own values. */
    charts?: RemoteCharts;
    /** Leave a tag the chart's own values give (a new chart version brings its own). */
    onlySetTags?: boolean;
  } = {},
): Promise<ImageRewrite> {
  const found = await chartReleaseIn(dir);
  if (!found) {
    throw new ChartValuesError(`${dir} holds no ${CHART_RELEASE_FILE}`);
  }
  const { release } = found;
  const chartDefaults =
    'path' in release.chart
      ? (await readYaml(path.join(dir, release.chart.path, 'values.yaml')))
          ?.value
      : await options.charts
          ?.defaultValues(release.chart)
          .catch(() => undefined);
  const files = await Promise.all(
    release.valuesFiles.map(async file => ({
      file,
      read: await readYaml(path.join(dir, file)),
    })),
  );
  const released = layerValues([
    ...files.map(f => f.read?.value),
    release.values,
  ]);
  const values = layerValues([chartDefaults, released]);
  const own = files.find(
    f => !path.normalize(f.file).startsWith('..') && f.read,
  );
  const target = own
    ? {
        file: own.file,
        doc: parseDocument(own.read!.text),
        prefix: [] as string[],
      }
    : {
        file: CHART_RELEASE_FILE,
        doc: parseDocument(found.text),
        prefix: ['values'],
      };
  const result: ImageRewrite = { files: {}, changes: [] };
  for (const paths of release.images) {
    const repository = at(values, paths.repository);
    const image = images.find(i => i.name === repository);
    if (!image) {
      continue;
    }
    if (!image.tag) {
      throw new ChartValuesError(
        `${image.name} is pinned by digest only, and ${paths.tag} takes a tag`,
      );
    }
    const current = at(values, paths.tag);
    const setHere = at(released, paths.tag) !== undefined;
    if (
      String(current ?? '') === image.tag ||
      (options.onlySetTags && !setHere)
    ) {
      continue;
    }
    target.doc.setIn([...target.prefix, ...paths.tag.split('.')], image.tag);
    result.changes.push({
      file: target.file,
      name: image.name,
      from: `${image.name}:${current ?? ''}`,
      to: `${image.name}:${image.tag}`,
    });
  }
  if (result.changes.length > 0) {
    result.files[target.file] = String(target.doc);
  }
  return result;
}
