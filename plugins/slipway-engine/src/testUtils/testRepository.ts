import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A real Git repository on disk for tests, with a helper to commit files.
 *
 * @public
 */
export function createTestRepository(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '--initial-branch=main');
  return {
    dir,
    git,
    /** Writes (or, with null, deletes) files and commits them; returns the SHA. */
    commit(files: Record<string, string | null>, message: string): string {
      for (const [file, content] of Object.entries(files)) {
        const full = path.join(dir, file);
        if (content === null) {
          fs.rmSync(full);
        } else {
          fs.mkdirSync(path.dirname(full), { recursive: true });
          fs.writeFileSync(full, content);
        }
      }
      git('add', '-A');
      git(
        '-c',
        'user.name=Ada',
        '-c',
        'user.email=ada@example.com',
        'commit',
        '-q',
        '-m',
        message,
      );
      return git('rev-parse', 'HEAD');
    },
  };
}
