import http from 'node:http';
import { AddressInfo } from 'node:net';

type Series = { name: string; labels: Record<string, string>; value: number };

/**
 * A metrics endpoint whose values the test sets: what Prometheus scrapes
 * in place of a real service's exporter.
 */
export class TestExporter {
  private constructor(
    private readonly server: http.Server,
    private readonly series: Map<string, Series>,
  ) {}

  static async start(): Promise<TestExporter> {
    const series = new Map<string, Series>();
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(render(series));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return new TestExporter(server, series);
  }

  /** `127.0.0.1:port`, as a Prometheus scrape target. */
  get target(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  set(name: string, labels: Record<string, string>, value: number): void {
    this.series.set(`${name}${JSON.stringify(labels)}`, {
      name,
      labels,
      value,
    });
  }

  add(name: string, labels: Record<string, string>, delta: number): void {
    const key = `${name}${JSON.stringify(labels)}`;
    this.set(name, labels, (this.series.get(key)?.value ?? 0) + delta);
  }

  stop(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()));
  }
}

/** The Prometheus text format. */
function render(series: Map<string, Series>): string {
  return [...series.values()]
    .map(({ name, labels, value }) => {
      const l = Object.entries(labels)
        .map(
          ([k, v]) =>
            `${k}="${v.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\n')}"`,
        )
        .join(',');
      return `${name}${l ? `{${l}}` : ''} ${value}\n`;
    })
    .join('');
}
