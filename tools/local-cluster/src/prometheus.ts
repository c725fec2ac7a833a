import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { ManagedProcess } from './processes';
import { waitFor } from './readiness';

const PROMETHEUS = '/usr/bin/prometheus';

/**
 * A throwaway Prometheus from the Debian package: its own data directory
 * and port, scraping the given `host:port` targets every second.
 */
export class LocalPrometheus {
  private constructor(
    private readonly process: ManagedProcess,
    private readonly dir: string,
    /** Base URL of the HTTP API, e.g. http://127.0.0.1:31234 */
    readonly url: string,
  ) {}

  static async start(options: {
    targets: string[];
    scrapeIntervalSeconds?: number;
  }): Promise<LocalPrometheus> {
    if (!fs.existsSync(PROMETHEUS)) {
      throw new Error(
        'Prometheus is not installed: apt-get install prometheus (scripts/test.sh does this)',
      );
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-prometheus-'));
    const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(
      config,
      JSON.stringify({
        global: { scrape_interval: interval, evaluation_interval: interval },
        scrape_configs: [
          { job_name: 'test', static_configs: [{ targets: options.targets }] },
        ],
      }),
    );
    const port = await freePort();
    const proc = new ManagedProcess(
      'prometheus',
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=1h',
      ],
      path.join(dir, 'prometheus.log'),
      process.env,
    );
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `Prometheus on port ${port}`,
      async () => {
        if (proc.hasExited) {
          throw new Error(`prometheus exited:\n${proc.tail()}`);
        }
        const res = await fetch(`${url}/-/ready`).catch(() => undefined);
        return res?.status === 200 || undefined;
      },
      30_000,
    );
    return new LocalPrometheus(proc, dir, url);
  }

  /**
   * Waits until every target was scraped a few times, so that rate() and
   * increase() over a short range have the two samples they need.
   */
  async scraped(times = 3, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      `${times} scrapes of every target by Prometheus`,
      async () =>
        ((await this.query('min(count_over_time(up[1m]))')) ?? 0) >= times ||
        undefined,
      timeoutMs,
    );
  }

  /** The first value of an instant query, or undefined when it has none. */
  async query(promql: string): Promise<number | undefined> {
    const res = await fetch(
      `${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`,
    ).catch(() => undefined);
    const body = (await res?.json().catch(() => undefined)) as
      | { data?: { result?: Array<{ value: [number, string] }> } }
      | undefined;
    const value = body?.data?.result?.[0]?.value[1];
    return value === undefined ? undefined : Number(value);
  }

  /** Stops the server and removes its data; stopping again does nothing. */
  async stop(): Promise<void> {
    await this.process.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
