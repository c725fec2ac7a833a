import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { ManagedProcess } from './processes';
import { waitFor } from './readiness';

const run = promisify(execFile);
const SERVICE_USER = 'postgres';

/** The newest PostgreSQL server binaries Debian's `postgresql` package installed. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(v => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed: apt-get install postgresql (scripts/test.sh does this)',
    );
  }
  return path.join(root, versions[0], 'bin');
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the postgres user when we are root. */
async function runTool(bin: string, args: string[]) {
  const options = { maxBuffer: 256 * 1024 * 1024 };
  if (asRoot()) {
    return run(
      'setpriv',
      [
        `--reuid=${SERVICE_USER}`,
        `--regid=${SERVICE_USER}`,
        '--init-groups',
        '--',
        bin,
        ...args,
      ],
      options,
    );
  }
  return run(bin, args, options);
}

export type PostgresConnection = {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
};

/**
 * A throwaway PostgreSQL server from the Debian package: its own data
 * directory and port, no fsync, trust auth on 127.0.0.1. For tests that
 * need what SQLite cannot show, like several backend replicas on one database.
 */
export class LocalPostgres {
  private constructor(
    private readonly process: ManagedProcess,
    private readonly dir: string,
    readonly connection: PostgresConnection,
  ) {}

  static async start(): Promise<LocalPostgres> {
    const bin = postgresBinDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-postgres-'));
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    if (asRoot()) {
      await run('chown', ['-R', `${SERVICE_USER}:`, dir]);
    }
    await runTool(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    const port = await freePort();
    const proc = new ManagedProcess(
      'postgres',
      path.join(bin, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ],
      path.join(dir, 'postgres.log'),
      process.env,
      SERVICE_USER,
    );
    const connection = {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: 'postgres',
    };
    await waitFor(
      `PostgreSQL on port ${port}`,
      async () => {
        if (proc.hasExited) {
          throw new Error(`postgres exited:\n${proc.tail()}`);
        }
        await runTool(path.join(bin, 'pg_isready'), [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
        ]);
        return true;
      },
      30_000,
    );
    return new LocalPostgres(proc, dir, connection);
  }

  /** Every database as SQL (pg_dumpall): for tests of what must never be stored. */
  async dumpAll(): Promise<string> {
    const { stdout } = await runTool(
      path.join(postgresBinDir(), 'pg_dumpall'),
      ['-h', '127.0.0.1', '-p', String(this.connection.port), '-U', 'postgres'],
    );
    return stdout;
  }

  async stop(): Promise<void> {
    await this.process.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
