import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { renderDirectory, type RenderedDirectory } from './renderDirectory';
import type { RenderTools } from './renderTools';

/**
 * What a service directory rendered to at any revision, past ones too:
 * the revision's whole tree (overlays read ../base) exported to a private
 * directory, rendered, and removed. Unlike the reconciler's shared trees,
 * reading old revisions here evicts nothing a reconcile is using.
 *
 * @public
 */
export async function renderRevision(
  options: {
    git: GitRepositoryCache;
    source: GitSource;
    revision: string;
    /** The service directory, from the repository's root. */
    path: string;
    kustomizeRemoteBases?: boolean;
  } & RenderTools,
): Promise<RenderedDirectory> {
  const { git, source, revision } = options;
  await git.fetch(source);
  await git.ensureRevision(source, revision);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-revision-'));
  try {
    await git.export(source, revision, '.', work);
    return await renderDirectory({
      tree: work,
      path: options.path,
      kustomize: options.kustomize,
      remoteBases: options.kustomizeRemoteBases,
      helm: options.helm,
      charts: options.charts,
    });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
