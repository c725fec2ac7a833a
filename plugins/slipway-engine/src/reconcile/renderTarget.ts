import { ObjectClient } from '../apply/ObjectClient';
import { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { renderDirectory } from '../render/renderDirectory';
import { InvalidManifestsError, SourcedManifest } from '../render/manifest';
import { renderOnce } from '../render/renderedTrees';
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
  client: ObjectClient;
  defaultNamespace: string;
  allowedNamespaces?: string[];
  /** Path of the kustomize binary, for directories with a kustomization. */
  kustomize?: string;
}): Promise<SourcedManifest[]> {
  const { git, source, revision, client } = options;
  const tree = await git.tree(source, revision);
  const rendered = await renderOnce(
    tree,
    `${options.path}\0${options.kustomize ?? ''}`,
    () =>
      renderDirectory({
        tree,
        path: options.path,
        kustomize: options.kustomize,
      }),
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
