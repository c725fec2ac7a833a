import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '@slipway/local-cluster';

/**
 * The backend serves the API and the built frontend on one port, as a
 * production Backstage does (the demo's app-config moves it to :3000).
 */
export const FRONTEND_URL = 'http://localhost:3000';
export const BACKEND_URL = FRONTEND_URL;

const answers = async (url: string) => {
  const res = await fetch(url).catch(() => undefined);
  return res?.ok ? true : undefined;
};

/**
 * The example Backstage backend, serving the app bundle, in its own process
 * group. It runs from source (no watch, no development server); NODE_ENV is
 * development as `yarn start` sets it, since the demo signs in as guest.
 */
export class BackstageApp {
  private constructor(private readonly child: ChildProcess) {}

  static start(options: {
    repoRoot: string;
    configFiles: string[];
    logFile?: string;
  }): BackstageApp {
    const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'inherit';
    const child = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        'src/index.ts',
        ...options.configFiles.flatMap(f => ['--config', f]),
      ],
      {
        // Relative paths in app-config.yaml are the backend package's, as under `yarn start`.
        cwd: path.join(options.repoRoot, 'packages/backend'),
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...process.env, NODE_ENV: 'development' },
      },
    );
    if (typeof out === 'number') {
      fs.closeSync(out);
    }
    return new BackstageApp(child);
  }

  async waitUntilServing(timeoutMs = 300_000) {
    const exited = new Promise<never>((_, reject) =>
      this.child.once('exit', code =>
        reject(new Error(`Backstage exited early with code ${code}`)),
      ),
    );
    await Promise.race([
      exited,
      waitFor(
        'the Backstage backend',
        () => answers(`${BACKEND_URL}/.backstage/health/v1/readiness`),
        timeoutMs,
      ),
    ]);
    await Promise.race([
      exited,
      waitFor('the app bundle', () => answers(FRONTEND_URL), timeoutMs),
    ]);
  }

  /** Stops the whole process group: the backend and anything it started. */
  async stop() {
    const pid = this.child.pid;
    if (!pid || this.child.exitCode !== null || this.child.signalCode) {
      return;
    }
    const gone = new Promise(r => this.child.once('exit', r));
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
    signal('SIGKILL');
  }
}
