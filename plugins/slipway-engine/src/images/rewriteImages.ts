import type { RemoteCharts } from '../charts/RemoteCharts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, YAMLMap } from 'yaml';
import { findKustomization } from '../render/kustomizeBuild';
import { yamlFiles } from '../render/loadManifests';
import { chartReleaseIn, rewriteChartValues } from './rewriteChartValues';
import {
  formatImageReference,
  ImageReference,
  parseImageReference,
} from './imageReference';

/**
 * One image reference changed in one file.
 *
 * @public
 */
export type ImageChange = {
  /** Path of the file, relative to the directory rewritten. */
  file: string;
  name: string;
  from: string;
  to: string;
};

/**
 * Manifests with new images written in: the changed files and each image change.
 *
 * @public
 */
export type ImageRewrite = {
  /** New contents of every file that changed, by path relative to the directory. */
  files: Record<string, string>;
  changes: ImageChange[];
};

/**
 * Sets the given images in one environment's directory. In a chart
 * release, the tags in its values (see rewriteChartValues). With a
 * kustomization, its `images:` entries are set (added when missing), so a
 * base shared by environments is never edited; otherwise the `image:`
 * fields of plain manifests are, keeping their comments and layout.
 *
 * @public
 */
export async function rewriteImages(
  dir: string,
  images: ImageReference[],
  options: {
    onlyMarked?: boolean;
    /** For a chart release: see rewriteChartValues. */
    charts?: RemoteCharts;
    onlySetTags?: boolean;
  } = {},
): Promise<ImageRewrite> {
  if (await chartReleaseIn(dir)) {
    return rewriteChartValues(dir, images, options);
  }
  const kustomization = await findKustomization(dir);
  if (kustomization) {
    return rewriteKustomization(dir, kustomization, images);
  }
  const result: ImageRewrite = { files: {}, changes: [] };
  for (const file of await yamlFiles(dir)) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    let next = text;
    for (const image of images) {
      next = next.replace(
        imageField(image.name, options.onlyMarked),
        (_match, prefix, current) => {
          const to = formatImageReference(image);
          if (current !== to) {
            result.changes.push({ file, name: image.name, from: current, to });
          }
          return `${prefix}${to}`;
        },
      );
    }
    if (next !== text) {
      result.files[file] = next;
    }
  }
  return result;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Marks the `image:` lines of plain manifests that image automation may
 * change: `image: ghcr.io/acme/web:1.4.2 # slipway:image`.
 *
 * @public
 */
export const IMAGE_MARKER = 'slipway:image';

/** `image: <name>[:tag][@digest]`, quoted or not, as a line of YAML; with `marked`, only lines with the marker comment. */
function imageField(name: string, marked = false) {
  const comment = marked ? `#.*\\b${IMAGE_MARKER}\\b.*` : '(?:#.*)?';
  return new RegExp(
    `^(\\s*(?:-\\s+)?image:\\s*["']?)(${escape(
      name,
    )}(?::[\\w][\\w.-]*)?(?:@sha256:[a-f0-9]+)?)(?=["']?\\s*${comment}$)`,
    'gm',
  );
}

async function rewriteKustomization(
  dir: string,
  file: string,
  images: ImageReference[],
): Promise<ImageRewrite> {
  const text = await fs.readFile(path.join(dir, file), 'utf8');
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) {
    throw new Error(`${file} is not a YAML mapping`);
  }
  if (!doc.has('images')) {
    doc.set('images', doc.createNode([]));
  }
  const entries = doc.get('images');
  if (!isSeq(entries)) {
    throw new Error(`${file}: images is not a list`);
  }
  const changes: ImageChange[] = [];
  for (const image of images) {
    let entry = entries.items.find(
      item =>
        isMap(item) &&
        (item.get('name') === image.name || item.get('newName') === image.name),
    ) as YAMLMap | undefined;
    const from = entry ? describeEntry(entry) : undefined;
    if (!entry) {
      entry = doc.createNode({ name: image.name }) as YAMLMap;
      entries.items.push(entry);
    }
    setOrDelete(entry, 'newTag', image.tag);
    setOrDelete(entry, 'digest', image.digest);
    const to = describeEntry(entry);
    if (from !== to) {
      changes.push({
        file,
        name: image.name,
        from: from ?? `${image.name} (from the base)`,
        to,
      });
    }
  }
  return changes.length > 0
    ? { files: { [file]: doc.toString() }, changes }
    : { files: {}, changes };
}

function setOrDelete(entry: YAMLMap, key: string, value?: string) {
  if (value === undefined) {
    entry.delete(key);
  } else {
    entry.set(key, value);
  }
}

function describeEntry(entry: YAMLMap): string {
  const value = (key: string) => {
    const v = entry.get(key);
    return v === undefined || v === null ? undefined : String(v);
  };
  return formatImageReference({
    ...parseImageReference(value('newName') ?? value('name') ?? ''),
    tag: value('newTag'),
    digest: value('digest'),
  });
}
