import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GitRepositoryCache, GitSource } from '../git/GitRepositoryCache';
import { shortRevision } from '../images/environmentImages';
import { PromotionError } from './planPromotion';

/**
 * What restoring a service's directory to an earlier revision changes in Git.
 *
 * @public
 */
export type RestorePlan = {
  /** The branch head the files were computed on. */
  baseRevision: string;
  /** Paths from the repository's root: the earlier contents, or null for a file the earlier revision did not have. */
  files: Record<string, string | null>;
  /** The same paths as the branch head has them (null: not there), for a diff. */
  before: Record<string, string | null>;
};

/** Every regular file under dir, by path relative to it; a symbolic link is refused. */
async function filesUnder(dir: string, what: string) {
  const files = new Map<string, string>();
  const walk = async (sub: string) => {
    for (const entry of await fs.readdir(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const relative = path.posix.join(sub, entry.name);
      if (entry.isSymbolicLink()) {
        // Its target could be anything on this machine: never read into a commit.
        throw new PromotionError(
          `${what} holds a symbolic link (${relative}), which a restore does not write: restore it by hand`,
        );
      }
      if (entry.isDirectory()) {
        await walk(relative);
      } else if (entry.isFile()) {
        files.set(
          relative,
          await fs.readFile(path.join(dir, relative), 'utf8'),
        );
      }
    }
  };
  await walk('');
  return files;
}

/**
 * The edit that makes a service's directory in the config repository what
 * it was at an earlier revision, and touches nothing outside it: files
 * that changed since are written back, files added since are deleted.
 * An empty plan means the directory already holds those contents.
 *
 * @public
 */
export async function planRestore(options: {
  git: GitRepositoryCache;
  source: GitSource;
  /** The service's directory, from the repository's root. */
  path: string;
  toRevision: string;
}): Promise<RestorePlan> {
  const { git, source, toRevision } = options;
  const servicePath = options.path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (!servicePath || servicePath.split('/').includes('..')) {
    throw new PromotionError(`cannot restore the path "${options.path}"`);
  }
  const head = await git.fetch(source);
  await git.ensureRevision(source, toRevision);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-restore-'));
  try {
    const read = async (revision: string, optional: boolean) => {
      const dest = path.join(work, revision);
      try {
        await git.export(source, revision, servicePath, dest);
      } catch (error) {
        if (optional) return new Map<string, string>();
        throw new PromotionError(
          `${servicePath} cannot be read at ${shortRevision(revision)}: ${
            (error as Error).message
          }`,
        );
      }
      return filesUnder(
        path.join(dest, servicePath),
        `${servicePath} at ${shortRevision(revision)}`,
      );
    };
    const before = await read(toRevision, false);
    const now = await read(head.revision, true);
    const files: Record<string, string | null> = {};
    const current: Record<string, string | null> = {};
    const change = (file: string, content: string | null) => {
      const full = path.posix.join(servicePath, file);
      files[full] = content;
      current[full] = now.get(file) ?? null;
    };
    for (const [file, content] of before) {
      if (now.get(file) !== content) {
        change(file, content);
      }
    }
    for (const file of now.keys()) {
      if (!before.has(file)) {
        change(file, null);
      }
    }
    return { baseRevision: head.revision, files, before: current };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
