import fs from 'node:fs/promises';
import path from 'node:path';
import { ObjectClient } from '../apply/ObjectClient';
import { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { readManifests } from '../render/loadManifests';
import { InvalidManifestsError, SourcedManifest } from '../render/manifest';
import { validateKinds } from '../render/validateKinds';
import { validateNamespaces } from '../render/validateNamespaces';

/**
 * Renders a target's directory at a revision and validates it against the
 * cluster. Every problem found is thrown together as InvalidManifestsError.
 */
export async function renderTarget(options: {
  git: GitRepositoryCache;
  source: GitSource;
  revision: string;
  path: string;
  exportDir: string;
  client: ObjectClient;
  defaultNamespace: string;
  allowedNamespaces?: string[];
}): Promise<SourcedManifest[]> {
  const { git, source, revision, exportDir, client } = options;
  await git.export(source, revision, options.path, exportDir);
  const serviceDir = path.join(exportDir, options.path);
  const { manifests, issues } = await fs.access(serviceDir).then(
    () => readManifests(serviceDir),
    () => {
      throw new InvalidManifestsError([
        { file: options.path, message: 'is not a directory at this revision' },
      ]);
    },
  );

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
