import { execFile } from 'node:child_process';

export class GitError extends Error {}

/** Runs git with no terminal prompts; rejects with git's own message. */
export function runGit(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'echo',
          LC_ALL: 'C',
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || error.message;
          reject(new GitError(detail.split('\n').slice(-3).join(' ')));
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
