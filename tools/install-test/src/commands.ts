import { spawn } from 'node:child_process';

/**
 * Runs a command without blocking this process (the registry the app's Yarn
 * asks is served from it); its output is shown only when it fails.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('error', reject);
    child.on('exit', code => {
      if (code === 0) {
        resolve(output);
      } else {
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${
              options.cwd
            }) exited with ${code}:\n${output
              .trimEnd()
              .split('\n')
              .slice(-40)
              .join('\n')}`,
          ),
        );
      }
    });
  });
}
