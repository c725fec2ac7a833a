import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { waitFor } from '@slipway/local-cluster';

export const FRONTEND_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';

const answers = async (url: string) => {
  const res = await fetch(url).catch(() => undefined);
  return res?.ok ? true : undefined;
};

/** The example Backstage app (frontend and backend) in its own process group. */
export class BackstageApp {
  private constructor(private readonly child: ChildProcess) {}

  static start(options: {
    repoRoot: string;
    configFiles: string[];
    logFile?: string;
  }): BackstageApp {
    const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'inherit';
    const child = spawn(
      'yarn',
      ['start', ...options.configFiles.flatMap(f => ['--config', f])],
      {
        cwd: options.repoRoot,
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...process.env, BROWSER: 'none' },
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
      waitFor('the Backstage frontend', () => answers(FRONTEND_URL), timeoutMs),
    ]);
  }

  /** Stops the whole process group: yarn, the CLI and its node children. */
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
