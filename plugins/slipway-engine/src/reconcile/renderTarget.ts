import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import nodePath from 'node:path';
import { ObjectClient } from '../apply/ObjectClient';
import { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { type RenderedChart, renderDirectory } from '../render/renderDirectory';
import type { RemoteCharts } from '../charts/RemoteCharts';
import { chartRenderInputs } from '../charts/chartRenderInputs';
import { InvalidManifestsError, SourcedManifest } from '../render/manifest';
import { validateKinds } from '../render/validateKinds';
import { validateNamespaces } from '../render/validateNamespaces';
import { KindPolicy, validateKindPolicy } from '../render/validateKindPolicy';

/**
 * In a service directory, says that rendering nothing is meant: every object of the target is pruned.
 *
 * @public
 */
export const ALLOW_EMPTY_FILE = '.slipway-allow-empty';

const allowsEmpty = (tree: string, dir: string) =>
  fs.access(nodePath.join(tree, dir, ALLOW_EMPTY_FILE)).then(
    () => true,
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
  /** The namespaces the target may write; objects elsewhere are refused. */
  allowedNamespaces: string[];
  /** Cluster-scoped and denied kinds (DEFAULT_DENIED_KINDS unless given). */
  kindPolicy?: KindPolicy;
  /** Path of the kustomize binary, for directories with a kustomization. */
  kustomize?: string;
  /** Let kustomize fetch remote bases and resources over the network (off by default). */
  kustomizeRemoteBases?: boolean;
  /** Path of the helm binary, for directories with a chart release file. */
  helm?: string;
  /** Where charts of repositories and registries come from. */
  charts?: RemoteCharts;
  /** How many objects the target has in the cluster now: an empty render must not prune them by accident. */
  previouslyApplied?: number;
}): Promise<{ manifests: SourcedManifest[]; chart?: RenderedChart }> {
  const { git, source, revision, client } = options;
  const tree = await git.tree(source, revision);
  const chart = await chartRenderInputs(tree, options.path, options);
  const rendered = await git.fromTree(
    tree,
    [
      options.path,
      options.kustomize ?? '',
      !!options.kustomizeRemoteBases,
      options.helm ?? '',
      options.defaultNamespace,
      chart.key,
    ].join('\0'),
    () =>
      renderDirectory({
        tree,
        path: options.path,
        kustomize: options.kustomize,
        remoteBases: options.kustomizeRemoteBases,
        helm: options.helm,
        defaultNamespace: options.defaultNamespace,
        capabilities: chart.capabilities,
        charts: options.charts,
      }),
  );
  const manifests = rendered.manifests;
  const issues = [...rendered.issues];
  if (
    manifests.length === 0 &&
    issues.length === 0 &&
    (options.previouslyApplied ?? 0) > 0 &&
    !(await allowsEmpty(tree, options.path))
  ) {
    issues.push({
      file: options.path,
      message: `renders no objects, and ${options.previouslyApplied} applied from it are in the cluster: add an empty file ${ALLOW_EMPTY_FILE} to this directory to delete them all`,
    });
  }

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
  const isClusterScoped = (apiVersion: string, kind: string) =>
    clusterScoped.get(`${apiVersion}/${kind}`) ?? false;
  issues.push(
    ...(await validateKinds(manifests, describe)),
    ...validateKindPolicy(manifests, options.kindPolicy ?? {}, isClusterScoped),
    ...validateNamespaces(manifests, {
      allowed: options.allowedNamespaces,
      defaultNamespace: options.defaultNamespace,
      isClusterScoped,
    }),
  );
  if (issues.length > 0) {
    throw new InvalidManifestsError(issues);
  }
  return { manifests, chart: rendered.chart };
}

/**
 * A hash of the rendered objects (not of where in the files they are), to
 * tell whether a revision changed what a target renders.
 */
export function hashRendered(manifests: SourcedManifest[]): string {
  const hash = createHash('sha256');
  for (const { object } of manifests) {
    hash.update(JSON.stringify(object)).update('\n');
  }
  return hash.digest('hex').slice(0, 16);
}
