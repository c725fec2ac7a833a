import fs from 'node:fs/promises';
import path from 'node:path';
import { ObjectClient } from '../apply/ObjectClient';
import { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { readManifests } from '../render/loadManifests';
import { findKustomization, kustomizeBuild } from '../render/kustomizeBuild';
import { InvalidManifestsError, SourcedManifest } from '../render/manifest';
import { renderOnce } from '../render/renderedTrees';
import { validateKinds } from '../render/validateKinds';
import { validateNamespaces } from '../render/validateNamespaces';

const isDirectory = (dir: string) =>
  fs.stat(dir).then(
    s => s.isDirectory(),
    () => false,
  );

/**
 * Renders a target's directory at a revision and validates it against the
 * cluster. Every problem found is thrown together as InvalidManifestsError.
 */
export async function renderTarget(options: {
  git: GitRepositoryCache;
  source: GitSource;
  revision: string;
  path: string;
  client: ObjectClient;
  defaultNamespace: string;
  allowedNamespaces?: string[];
  /** Path of the kustomize binary, for directories with a kustomization. */
  kustomize?: string;
}): Promise<SourcedManifest[]> {
  const { git, source, revision, client } = options;
  const tree = await git.tree(source, revision);
  const serviceDir = path.join(tree, options.path);
  const rendered = await renderOnce(
    tree,
    `${options.path}\0${options.kustomize ?? ''}`,
    async () => {
      if (!(await isDirectory(serviceDir))) {
        return {
          manifests: [],
          issues: [
            {
              file: options.path,
              message: 'is not a directory at this revision',
            },
          ],
        };
      }
      const kustomization = await findKustomization(serviceDir);
      return kustomization
        ? buildOverlay({ ...options, tree, kustomization })
        : readManifests(serviceDir, options.path);
    },
  );
  const manifests = rendered.manifests;
  const issues = [...rendered.issues];

  const describe = (apiVersion: string, kind: string) =>
    client.describeKind(apiVersion, kind);
  const clusterScoped = new Map<string, boolean>();
  for (const { object } of manifests) {
    const key = `${object.apiVersion}/${object.kind}`;
    if (!clusterScoped.has(key)) {
      const kind = await describe(object.apiVersion, object.kind);
      clusterScoped.set(
        key,
        kind ? !kind.namespaced : object.kind === 'CustomResourceDefinition',
      );
    }
  }
  issues.push(
    ...(await validateKinds(manifests, describe)),
    ...validateNamespaces(manifests, {
      allowed: options.allowedNamespaces,
      defaultNamespace: options.defaultNamespace,
      isClusterScoped: (apiVersion, kind) =>
        clusterScoped.get(`${apiVersion}/${kind}`) ?? false,
    }),
  );
  if (issues.length > 0) {
    throw new InvalidManifestsError(issues);
  }
  return manifests;
}

async function buildOverlay(options: {
  tree: string;
  path: string;
  kustomize?: string;
  kustomization: string;
}) {
  const file = path.posix.join(options.path, options.kustomization);
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
  // Overlays reach outside their directory (../base), so the root is the whole tree.
  return kustomizeBuild({
    kustomize: options.kustomize,
    dir: path.join(options.tree, options.path),
    file,
    root: options.tree,
  });
}
