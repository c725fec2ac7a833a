import { freePort } from '@slipway/local-cluster';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The Slipway backend in a process of its own, with SQLite on disk, so a
 * test can SIGKILL it and start another on the same database.
 */
export class ChildBackend {
  private child?: ChildProcess;
  private starts = 0;

  private constructor(
    private readonly work: string,
    private readonly configFile: string,
  ) {}

  /** Writes the configuration; `config` is merged over the backend and database sections. */
  static async create(work: string, config: object): Promise<ChildBackend> {
    const port = await freePort();
    const configFile = path.join(work, 'app-config.json');
    fs.mkdirSync(path.join(work, 'db'), { recursive: true });
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        backend: {
          baseUrl: `http://localhost:${port}`,
          listen: { port },
          database: {
            client: 'better-sqlite3',
            connection: { directory: path.join(work, 'db') },
          },
        },
        ...config,
      }),
    );
    return new ChildBackend(work, configFile);
  }

  /** Starts a backend; its output goes to backend-N.log beside the database. */
  start() {
    this.starts += 1;
    const log = fs.openSync(
      path.join(this.work, `backend-${this.starts}.log`),
      'a',
    );
    this.child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'backendProcessMain.ts'),
        '--config',
        this.configFile,
      ],
      {
        stdio: ['ignore', log, log],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    );
  }

  /** SIGKILL: no shutdown hook runs, no lease is given back, nothing is flushed. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** What the backends logged, for a failing test's message. */
  logs(): string {
    return Array.from({ length: this.starts }, (_, i) =>
      fs.readFileSync(path.join(this.work, `backend-${i + 1}.log`), 'utf8'),
    ).join('\n---- restart ----\n');
  }
}
