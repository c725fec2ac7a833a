import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PromiseCache } from '../cache/PromiseCache';
import { linkOutOf, outOfRepository } from './linksOut';
import { readManifests } from './loadManifests';
import {
  kustomizationAmong,
  kustomizeBuild,
  remoteBasesOff,
} from './kustomizeBuild';
import { remoteResources } from './remoteResources';
import { CHART_RELEASE_FILE } from '@slipway/model';
import type { ChartCapabilities } from './helmTemplate';
import type { RemoteCharts } from '../charts/RemoteCharts';
import { renderChartRelease } from './renderChartRelease';
import { ManifestIssue, SourcedManifest } from './manifest';

/**
 * The manifests a directory renders to, and what is wrong with them.
 *
 * @public
 */
export type RenderedDirectory = {
  manifests: SourcedManifest[];
  issues: ManifestIssue[];
  /** The chart a chart release rendered. */
  chart?: RenderedChart;
  /** The values a chart release gave its chart: its values files layered, then its inline values (not the chart's defaults). */
  chartValues?: Record<string, unknown>;
};

/**
 * The chart a release rendered: its name, the version used, where from.
 *
 * @public
 */
export type RenderedChart = {
  name: string;
  version: string;
  /** `../../charts/web` (in the config repository), a chart repository's URL, or `oci://…`. */
  source: string;
};

/** The directory's entries, or undefined when there is no directory at that path. */
const listing = (dir: string) =>
  fs.readdir(dir, { withFileTypes: true }).catch(error => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
      return undefined;
    }
    throw error;
  });

/** Trees never change: each is walked once for links out of it. */
const treeLinks = new PromiseCache<string | undefined>({ maxEntries: 64 });
const linkOutOfTree = (tree: string) =>
  treeLinks.get(tree, () => linkOutOf(tree, tree));

/**
 * The one empty helm home of kustomize's helmCharts in this process (none
 * of the machine user's plugins, repositories or logins), made once rather
 * than per build: every kustomize build gets helm when it is configured.
 */
let sharedHelmHome: Promise<string> | undefined;
const helmHome = () =>
  (sharedHelmHome ??= fs.mkdtemp(path.join(os.tmpdir(), 'slipway-helm-')));

/**
 * Renders one service directory of an exported tree: its kustomization with
 * the real kustomize, or its plain YAML files. Problems are returned, not
 * thrown, so callers can gather them with their own checks.
 *
 * @public
 */
export async function renderDirectory(options: {
  /** The whole exported tree: overlays reach outside their directory (../base). */
  tree: string;
  /** The service directory, relative to the tree. */
  path: string;
  /** Path of the kustomize binary, for directories with a kustomization. */
  kustomize?: string;
  /** Let kustomize fetch remote bases and resources (off by default). */
  remoteBases?: boolean;
  /** Path of the helm binary, for directories with a chart release file. */
  helm?: string;
  /** A chart release's namespace when its file names none. */
  defaultNamespace?: string;
  /** The target cluster's version and APIs, for a chart's `.Capabilities`. */
  capabilities?: ChartCapabilities;
  /** Where charts of repositories and registries come from. */
  charts?: RemoteCharts;
}): Promise<RenderedDirectory> {
  const serviceDir = path.join(options.tree, options.path);
  // One listing tells whether the directory exists, whether it has a
  // kustomization and which YAML files it holds: a thousand services render per resync.
  const entries = await listing(serviceDir);
  if (!entries) {
    return {
      manifests: [],
      issues: [
        { file: options.path, message: 'is not a directory at this revision' },
      ],
    };
  }
  if (entries.some(e => e.name === CHART_RELEASE_FILE)) {
    return renderChartRelease(options);
  }
  const kustomization = kustomizationAmong(entries.map(e => e.name));
  if (!kustomization) {
    return readManifests(serviceDir, options.path, entries);
  }
  const file = path.posix.join(options.path, kustomization);
  if (!options.kustomize) {
    return {
      manifests: [],
      issues: [
        {
          file,
          message: 'needs kustomize, and no kustomize binary is configured',
        },
      ],
    };
  }
  if (!options.remoteBases) {
    const remote = await remoteResources(options.tree, serviceDir);
    if (remote.length > 0) {
      return {
        manifests: [],
        issues: remote.map(entry => ({
          file,
          message: remoteBasesOff(entry),
        })),
      };
    }
  }
  if (!options.helm) {
    return kustomizeBuild({
      kustomize: options.kustomize,
      dir: serviceDir,
      file,
      root: options.tree,
      remoteBases: options.remoteBases,
    });
  }
  // helm follows links: a kustomization's helmCharts render only from a tree with none leading out.
  const link = await linkOutOfTree(options.tree);
  const built = await kustomizeBuild({
    kustomize: options.kustomize,
    dir: serviceDir,
    file,
    root: options.tree,
    remoteBases: options.remoteBases,
    helm: link ? undefined : { binary: options.helm, home: await helmHome() },
  });
  return link && built.issues.some(i => /enable-helm/.test(i.message))
    ? {
        manifests: [],
        issues: [{ file, message: outOfRepository(options.tree, link) }],
      }
    : built;
}
