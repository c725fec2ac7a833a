import { execFile } from 'node:child_process';
import {
  credentialEnv,
  GitCredentials,
  redactCredentials,
} from './credentials';

/**
 * git failed; the message is git's, with credentials redacted.
 *
 * @public
 */
export class GitError extends Error {}

export const DEFAULT_GIT_TIMEOUT_MS = 60_000;

/**
 * Runs git with no terminal prompts, credentials passed through its
 * environment; rejects with git's own message, redacted. A git that does
 * not finish in time is killed, and the message says which command and how
 * long (never Node's text, which repeats the whole command line).
 */
export function runGit(
  args: string[],
  options: {
    cwd?: string;
    timeoutMs?: number;
    credentials?: GitCredentials;
  } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'echo',
          LC_ALL: 'C',
          ...credentialEnv(options.credentials),
        },
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const subcommand = args.find(a => !a.startsWith('-')) ?? 'git';
        const detail = error.killed
          ? `git ${subcommand} gave no answer within ${Math.round(
              timeoutMs / 1000,
            )} s`
          : stderr.trim() || `git ${subcommand} failed (${error.code})`;
        reject(
          new GitError(
            redactCredentials(
              detail.split('\n').slice(-3).join(' '),
              options.credentials,
            ),
          ),
        );
      },
    );
  });
}
