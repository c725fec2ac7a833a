import { KubeConfig } from '@kubernetes/client-node';
import { engineCluster, freePort } from '@slipway/local-cluster';
import knex, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildBackend } from '../reconcile/buildBackend';
import { cpuSeconds } from './cpuSeconds';

export type BenchBackend = {
  child: ChildProcess;
  port: number;
  /** Slipway's own SQLite database, read by the bench. */
  db: Knex;
  /** VmRSS or VmHWM of the backend, in MB. */
  rss(field: 'VmRSS' | 'VmHWM'): number;
  /** CPU seconds the backend has used (user and system). */
  cpuSeconds(): number;
  stop(): Promise<void>;
};

/**
 * Starts the benchmark's backend (a real Backstage backend with the
 * Slipway plugin, SQLite on disk) as a child process, so that its memory
 * and CPU are its own. `slipway` is the plugin's configuration.
 */
export async function startBenchBackend(options: {
  work: string;
  kc: KubeConfig;
  services: number;
  environment: string;
  slipway: {
    environments: Array<
      Parameters<typeof engineCluster>[1]['environments'][number] &
        Record<string, unknown>
    >;
  } & Record<string, unknown>;
}): Promise<BenchBackend> {
  const { work } = options;
  const port = await freePort();
  const dbDir = path.join(work, 'db');
  fs.mkdirSync(dbDir);
  const configFile = path.join(work, 'app-config.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: {
          client: 'better-sqlite3',
          connection: { directory: dbDir },
        },
      },
      slipway: {
        ...options.slipway,
        clusters: [
          await engineCluster(options.kc, {
            name: 'bench',
            environments: options.slipway.environments,
            fieldManager: 'slipway-bench',
            tokenSeconds: 7200,
          }),
        ],
      },
    }),
  );
  const log = () => fs.openSync(path.join(work, 'backend.log'), 'a');
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      await buildBackend(),
      '--config',
      configFile,
    ],
    {
      env: {
        ...process.env,
        SLIPWAY_BENCH_SERVICES: String(options.services),
        SLIPWAY_BENCH_ENVIRONMENT: options.environment,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', log(), log()],
    },
  );
  const db = knex({
    client: 'better-sqlite3',
    // With a directory, the database service keeps one file per plugin, named after it.
    connection: { filename: path.join(dbDir, 'slipway.sqlite') },
    useNullAsDefault: true,
  });
  return {
    child,
    port,
    db,
    rss: field =>
      Math.round(
        Number(
          new RegExp(`${field}:\\s+(\\d+) kB`).exec(
            fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'),
          )![1],
        ) / 1024,
      ),
    cpuSeconds: () => cpuSeconds(child.pid!, 'own'),
    async stop() {
      await db.destroy();
      child.kill('SIGTERM');
      await new Promise(r => child.once('exit', r));
    },
  };
}
