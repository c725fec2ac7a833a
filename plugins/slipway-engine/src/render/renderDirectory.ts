import fs from 'node:fs/promises';
import path from 'node:path';
import { readManifests } from './loadManifests';
import { findKustomization, kustomizeBuild } from './kustomizeBuild';
import { ManifestIssue, SourcedManifest } from './manifest';

export type RenderedDirectory = {
  manifests: SourcedManifest[];
  issues: ManifestIssue[];
};

const isDirectory = (dir: string) =>
  fs.stat(dir).then(
    s => s.isDirectory(),
    () => false,
  );

/**
 * Renders one service directory of an exported tree: its kustomization with
 * the real kustomize, or its plain YAML files. Problems are returned, not
 * thrown, so callers can gather them with their own checks.
 */
export async function renderDirectory(options: {
  /** The whole exported tree: overlays reach outside their directory (../base). */
  tree: string;
  /** The service directory, relative to the tree. */
  path: string;
  /** Path of the kustomize binary, for directories with a kustomization. */
  kustomize?: string;
}): Promise<RenderedDirectory> {
  const serviceDir = path.join(options.tree, options.path);
  if (!(await isDirectory(serviceDir))) {
    return {
      manifests: [],
      issues: [
        { file: options.path, message: 'is not a directory at this revision' },
      ],
    };
  }
  const kustomization = await findKustomization(serviceDir);
  if (!kustomization) {
    return readManifests(serviceDir, options.path);
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
  return kustomizeBuild({
    kustomize: options.kustomize,
    dir: serviceDir,
    file,
    root: options.tree,
  });
}
