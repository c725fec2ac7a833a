import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '../security/redact';
import { remoteUrl } from './credentials';
import { credentialsOf, GitSource } from './GitRepositoryCache';
import { GitError, runGit } from './runGit';

/**
 * Files to write into a config repository, by path from its root; null deletes.
 *
 * @public
 */
export type ConfigChange = {
  files: Record<string, string | null>;
  message: string;
  author: { name: string; email: string };
};

/**
 * A change pushed to the config repository: the commit and the branch it went to.
 *
 * @public
 */
export type PushedChange = {
  /** The commit pushed; undefined when the files already had these contents. */
  revision?: string;
  branch: string;
};

const ATTEMPTS = 3;

/**
 * Commits files on top of a branch's head and pushes the commit, with plain
 * git: to the branch itself, or to `toBranch` (forced, as that branch is
 * ours: a retried task rewrites it instead of failing). Nothing is pushed
 * when the files already hold these contents. A push that loses a race with
 * another is redone on the new head.
 *
 * @public
 */
export async function pushChange(options: {
  source: GitSource;
  change: ConfigChange;
  toBranch?: string;
  workDir?: string;
}): Promise<PushedChange> {
  const { source, change } = options;
  const branch = options.toBranch ?? source.branch;
  for (const [file] of Object.entries(change.files)) {
    if (path.posix.isAbsolute(file) || file.split('/').includes('..')) {
      throw new GitError(`refusing to write outside the repository: ${file}`);
    }
  }
  const parent = options.workDir ?? os.tmpdir();
  await fs.mkdir(parent, { recursive: true });
  const dir = await fs.mkdtemp(path.join(parent, 'slipway-push-'));
  const credentials = credentialsOf(source);
  const git = (...args: string[]) => runGit(args, { cwd: dir, credentials });
  const url = remoteUrl(source.url);
  try {
    await git('init', '--quiet');
    await git('remote', 'add', 'origin', url);
    for (let attempt = 1; ; attempt++) {
      await git('fetch', '--quiet', '--depth=1', 'origin', source.branch);
      await git('checkout', '--quiet', '--force', '-B', 'work', 'FETCH_HEAD');
      await writeFiles(dir, change.files);
      await git('add', '--all');
      const status = await git('status', '--porcelain');
      if (status.trim() === '') {
        return { branch };
      }
      const who = `${change.author.name} <${change.author.email}>`;
      await git(
        '-c',
        `user.name=${change.author.name}`,
        '-c',
        `user.email=${change.author.email}`,
        'commit',
        '--quiet',
        `--author=${who}`,
        '-m',
        change.message,
      );
      const revision = (await git('rev-parse', 'HEAD')).trim();
      const force = branch === source.branch ? '' : '+';
      try {
        await git(
          'push',
          '--quiet',
          'origin',
          `${force}HEAD:refs/heads/${branch}`,
        );
        return { revision, branch };
      } catch (error) {
        const raced = /non-fast-forward|fetch first|rejected/.test(
          (error as Error).message,
        );
        if (!raced || attempt >= ATTEMPTS) {
          throw new GitError(
            `cannot push to branch ${branch} of ${redactUrl(source.url)}: ${
              (error as Error).message
            }`,
          );
        }
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function writeFiles(dir: string, files: Record<string, string | null>) {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    if (content === null) {
      await fs.rm(full, { force: true });
    } else {
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, content);
    }
  }
}
