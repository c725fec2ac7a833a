import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PromiseCache } from '../cache/PromiseCache';
import { redactUrl } from '../security/redact';
import { GitCredentials, remoteUrl, urlCredentials } from './credentials';
import { GitError, runGit } from './runGit';

/**
 * A config repository branch to reconcile from, with the credentials git gets for it.
 *
 * @public
 */
export type GitSource = {
  /** https URL, file:// URL or a local path. */
  url: string;
  branch: string;
  credentials?: GitCredentials;
};

/** The source's credentials, or those written into its URL. */
export function credentialsOf(source: GitSource): GitCredentials | undefined {
  return source.credentials ?? urlCredentials(source.url);
}

/**
 * A revision fetched from the config repository: its commit, message, author and time.
 *
 * @public
 */
export type FetchedRevision = {
  /** Full commit SHA at the branch head. */
  revision: string;
  message: string;
  author: string;
  committedAt: string;
};

/** Most values computed from trees kept (a rendered directory per service and tree). */
const DERIVED_KEPT = 16_384;
/** How many exported trees of one source are kept on disk. */
const TREES_KEPT = 3;

/**
 * One shallow clone per repository and branch, shared by every service in
 * it. Fetches of the same source are serialised; different sources run in
 * parallel. A fetch younger than `maxAgeMs` is reused, so a thousand
 * services in one repository cost one fetch per interval, not a thousand.
 *
 * @public
 */
export class GitRepositoryCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly lastFetch = new Map<
    string,
    { at: number; result: FetchedRevision }
  >();
  private readonly trees = new PromiseCache<string>();
  /** What was computed from an exported tree (a rendered directory), forgotten with the tree. */
  private readonly fromTrees = new PromiseCache<unknown>({
    maxEntries: DERIVED_KEPT,
  });
  private readonly remotesChecked = new Set<string>();

  constructor(
    private readonly cacheDir: string,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  /** Fetches the branch and exports the tree of its head (once per commit), under the cache's directory. */
  async fetch(
    source: GitSource,
    options: { maxAgeMs?: number } = {},
  ): Promise<FetchedRevision> {
    const key = cacheKey(source);
    const previous = this.inFlight.get(key) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        const last = this.lastFetch.get(key);
        if (last && Date.now() - last.at <= (options.maxAgeMs ?? -1)) {
          return last.result;
        }
        // Timed from the start: a push that arrived before it is included.
        const startedAt = Date.now();
        return this.fetchNow(source, this.dirOf(source)).then(result => {
          this.lastFetch.set(key, { at: startedAt, result });
          return result;
        });
      });
    this.inFlight.set(key, next);
    try {
      return await next;
    } finally {
      if (this.inFlight.get(key) === next) {
        this.inFlight.delete(key);
      }
    }
  }

  /**
   * Makes an older commit of the source (one a target applied before the
   * branch moved on) available to tree() and export(): shallow clones only
   * hold the head, so it is fetched by its SHA when missing.
   */
  async ensureRevision(source: GitSource, revision: string): Promise<void> {
    const cwd = this.dirOf(source);
    const present = await runGit(['cat-file', '-e', `${revision}^{commit}`], {
      cwd,
    }).then(
      () => true,
      () => false,
    );
    if (!present) {
      await runGit(['fetch', '--quiet', '--depth=1', 'origin', revision], {
        cwd,
        credentials: credentialsOf(source),
        timeoutMs: this.options.timeoutMs,
      }).catch(error => {
        throw new GitError(
          `cannot fetch commit ${revision.slice(0, 12)} of ${redactUrl(
            source.url,
          )}: ${(error as Error).message}`,
        );
      });
    }
  }

  /**
   * The whole tree of a fetched revision, exported once and shared read-only
   * by every target of the source. Callers must not write into it.
   */
  tree(source: GitSource, revision: string): Promise<string> {
    const key = `${cacheKey(source)}-${revision}`;
    const fresh = !this.trees.peek(key);
    const tree = this.trees.get(key, async () => {
      const dir = path.join(this.cacheDir, 'trees', key);
      await fs.rm(dir, { recursive: true, force: true });
      await this.export(source, revision, '.', dir);
      return dir;
    });
    if (fresh) {
      this.forgetOldTrees(source);
    }
    return tree;
  }

  /**
   * A value computed from an exported tree (`tree` as returned by
   * {@link GitRepositoryCache.tree}), made once per tree and key: trees never
   * change, so a resync of a thousand services reuses what the first run of
   * the revision rendered. Values are shared: callers must not modify them.
   */
  fromTree<T>(tree: string, key: string, make: () => Promise<T>): Promise<T> {
    return this.fromTrees.get(`${tree}\0${key}`, make) as Promise<T>;
  }

  private forgetOldTrees(source: GitSource) {
    const prefix = `${cacheKey(source)}-`;
    const ofSource = this.trees.keys().filter(k => k.startsWith(prefix));
    for (const key of ofSource.slice(0, -TREES_KEPT)) {
      const tree = this.trees.peek(key)!;
      this.trees.delete(key);
      tree
        .then(dir => {
          for (const derived of this.fromTrees.keys()) {
            if (derived.startsWith(`${dir}\0`)) {
              this.fromTrees.delete(derived);
            }
          }
          return fs.rm(dir, { recursive: true, force: true });
        })
        .catch(() => undefined);
    }
  }

  /**
   * Writes the files under `subPath` at a fetched revision into `dest`. A
   * revision is immutable, so this is safe while other fetches run.
   */
  async export(
    source: GitSource,
    revision: string,
    subPath: string,
    dest: string,
  ): Promise<void> {
    if (!/^[0-9a-f]{40}$/.test(revision)) {
      throw new GitError(`not a full commit SHA: ${revision}`);
    }
    await fs.mkdir(dest, { recursive: true });
    const archive = path.join(dest, '.slipway-export.tar');
    try {
      await runGit(
        [
          'archive',
          '--format=tar',
          `--output=${archive}`,
          revision,
          '--',
          subPath,
        ],
        { cwd: this.dirOf(source) },
      );
      await runTar(['-xf', archive, '-C', dest]);
    } catch (error) {
      throw new GitError(
        `cannot read ${subPath} at ${revision.slice(0, 12)} of ${redactUrl(
          source.url,
        )}: ${(error as Error).message}`,
      );
    } finally {
      await fs.rm(archive, { force: true });
    }
  }

  private dirOf(source: GitSource): string {
    return path.join(this.cacheDir, cacheKey(source));
  }

  private async fetchNow(
    source: GitSource,
    dir: string,
  ): Promise<FetchedRevision> {
    const url = remoteUrl(source.url);
    try {
      if (!(await exists(path.join(dir, '.git')))) {
        await fs.mkdir(dir, { recursive: true });
        await runGit(['init', '--quiet'], { cwd: dir });
        await runGit(['remote', 'add', 'origin', url], { cwd: dir });
      } else if (!this.remotesChecked.has(dir)) {
        // Clones made before credentials left URLs may still hold one.
        await runGit(['remote', 'set-url', 'origin', url], { cwd: dir });
      }
      this.remotesChecked.add(dir);
      await runGit(['fetch', '--quiet', '--depth=1', 'origin', source.branch], {
        cwd: dir,
        credentials: credentialsOf(source),
        timeoutMs: this.options.timeoutMs,
      });
      const [revision, author, committedAt, ...message] = (
        await runGit(
          ['log', '-1', '--format=%H%n%an <%ae>%n%cI%n%B', 'FETCH_HEAD'],
          {
            cwd: dir,
          },
        )
      )
        .trimEnd()
        .split('\n');
      return {
        revision,
        author,
        committedAt,
        message: message.join('\n').trim(),
      };
    } catch (error) {
      throw new GitError(
        `cannot fetch branch ${source.branch} of ${redactUrl(source.url)}: ${
          (error as Error).message
        }`,
      );
    }
  }
}

function cacheKey(source: GitSource): string {
  return createHash('sha256')
    .update(`${source.url}\n${source.branch}`)
    .digest('hex')
    .slice(0, 16);
}

function runTar(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('tar', args, error => (error ? reject(error) : resolve()));
  });
}

async function exists(p: string) {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}
