import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '@slipway/local-cluster';

/**
 * The new app's backend as its README starts it (`yarn workspace backend
 * start`), serving the built frontend, on a port of this run's choosing.
 */
export class BackstageProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly logFile: string,
  ) {}

  static async start(options: {
    appDir: string;
    port: number;
    env: Record<string, string>;
  }): Promise<BackstageProcess> {
    const baseUrl = `http://localhost:${options.port}`;
    const portConfig = path.join(
      options.appDir,
      'app-config.install-test.yaml',
    );
    fs.writeFileSync(
      portConfig,
      `app:\n  baseUrl: ${baseUrl}\nbackend:\n  baseUrl: ${baseUrl}\n  listen:\n    port: ${options.port}\n  cors:\n    origin: ${baseUrl}\n`,
    );
    const logFile = path.join(options.appDir, 'backend.log');
    const log = fs.openSync(logFile, 'w');
    const child = spawn(
      'yarn',
      [
        'workspace',
        'backend',
        'start',
        '--config',
        path.join(options.appDir, 'app-config.yaml'),
        '--config',
        portConfig,
      ],
      {
        cwd: options.appDir,
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, ...options.env },
      },
    );
    const backstage = new BackstageProcess(child, baseUrl, logFile);
    // A backend that exits fails the wait at once instead of at its end.
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', code =>
        reject(new Error(`the backend exited with ${code}`)),
      ),
    );
    exited.catch(() => undefined);
    try {
      await Promise.race([
        waitFor(
          `Backstage to answer on ${baseUrl}`,
          async () =>
            (
              await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
            ).ok,
          5 * 60_000,
        ),
        exited,
      ]);
    } catch (error) {
      await backstage.stop();
      throw new Error(`${error}\n${backstage.tail()}`);
    }
    return backstage;
  }

  /** The backend's last log lines, for a failure message. */
  tail(lines = 60): string {
    const text = fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n');
    return `--- last lines of ${this.logFile} ---\n${text
      .slice(-lines)
      .join('\n')}`;
  }

  async stop() {
    if (this.child.exitCode !== null || !this.child.pid) return;
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([
      exited,
      new Promise(resolve => setTimeout(resolve, 10_000)),
    ]);
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
