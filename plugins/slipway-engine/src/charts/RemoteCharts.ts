import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChartRelease } from '@slipway/model';
import { parse as parseYaml } from 'yaml';
import { PromiseCache } from '../cache/PromiseCache';
import type { RegistrySettings } from '../imageAutomation/registries/ImageRegistries';
import { OciRegistry } from '../imageAutomation/registries/ociRegistry';
import { redactUrl } from '../security/redact';
import { ChartError, pickChartVersion } from './pickChartVersion';

/**
 * How an HTTP chart repository is reached (app-config
 * `slipway.charts.repositories`): its URL, and basic auth if it asks.
 *
 * @public
 */
export type ChartRepositorySettings = {
  /** Where its `index.yaml` is: `https://charts.example.com/stable`. */
  url: string;
  username?: string;
  password?: string;
};

/**
 * A chart outside the config repository: in an HTTP chart repository or an OCI registry.
 *
 * @public
 */
export type RemoteChart = Exclude<ChartRelease['chart'], { path: string }>;

/**
 * A chart archive on this machine, as fetched once for its version.
 *
 * @public
 */
export type FetchedChart = {
  /** The `.tgz`, for `helm template`. */
  file: string;
  version: string;
  /** `sha256:…` of the archive. */
  digest: string;
};

type IndexEntry = { version: string; urls?: string[]; digest?: string };
type ChartIndex = { entries?: Record<string, IndexEntry[]> };

const run = promisify(execFile);

const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const sha256 = (data: Buffer | string) =>
  crypto.createHash('sha256').update(data).digest('hex');
const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Charts from HTTP chart repositories and OCI registries, each version
 * fetched once into a cache directory (by repository, name and version;
 * by digest for OCI) and reused. Credentials go only to the repository or
 * registry they are configured for, and never into a message.
 *
 * @public
 */
export class RemoteCharts {
  private readonly indexes: PromiseCache<ChartIndex>;
  private readonly fetched: PromiseCache<FetchedChart>;
  private readonly values = new PromiseCache<unknown>({ maxEntries: 1000 });
  private readonly registries = new Map<string, OciRegistry>();
  private readonly maxBytes: number;

  constructor(
    private readonly options: {
      cacheDir: string;
      repositories?: ChartRepositorySettings[];
      /** OCI registries, as image automation reaches them (`slipway.imageAutomation.registries`). */
      registries?: RegistrySettings[];
      /** How long an index or a range's resolution is reused; 5 minutes by default. */
      ttlMs?: number;
      /** Larger indexes and archives are refused; 20 MiB by default. */
      maxBytes?: number;
      timeoutMs?: number;
    },
  ) {
    const ttlMs = options.ttlMs ?? 5 * 60_000;
    this.indexes = new PromiseCache({ ttlMs, maxEntries: 100 });
    this.fetched = new PromiseCache({ ttlMs, maxEntries: 10_000 });
    this.maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  }

  /** The chart's own values (its `values.yaml`), as the version the release asks for has them. */
  async defaultValues(chart: RemoteChart): Promise<unknown> {
    const { file, digest } = await this.fetch(chart);
    // An archive of one digest never changes: unpacked once.
    return this.values.get(digest, () => this.valuesIn(file));
  }

  private async valuesIn(file: string): Promise<unknown> {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-chart-'));
    try {
      await run('tar', ['-xzf', file, '-C', work]);
      const [top] = await fs.readdir(work);
      const text = await fs
        .readFile(path.join(work, top ?? '', 'values.yaml'), 'utf8')
        .catch(() => '');
      return parseYaml(text);
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /** The chart's archive at the version the release asks for (the highest of a range). */
  fetch(chart: RemoteChart): Promise<FetchedChart> {
    return this.fetched.get(JSON.stringify(chart), () =>
      'oci' in chart ? this.fetchOci(chart) : this.fetchHttp(chart),
    );
  }

  private async fetchHttp(
    chart: Extract<RemoteChart, { repository: string }>,
  ): Promise<FetchedChart> {
    const base = withoutSlash(chart.repository);
    const what = `chart ${chart.name} in ${redactUrl(base)}`;
    const index = await this.indexes.get(base, () => this.readIndex(base));
    const entries = index.entries?.[chart.name] ?? [];
    if (entries.length === 0) {
      throw new ChartError(`${redactUrl(base)} has no chart ${chart.name}`);
    }
    const version = pickChartVersion(
      entries.map(e => e.version),
      chart.version,
      what,
    );
    const entry = entries.find(e => e.version === version)!;
    const file = this.cached(`http\0${base}\0${chart.name}\0${version}`);
    const kept = await fs.readFile(file).catch(() => undefined);
    if (kept) {
      return { file, version, digest: `sha256:${sha256(kept)}` };
    }
    if (!entry.urls?.[0]) {
      throw new ChartError(`${what} ${version} names no archive URL`);
    }
    const url = new URL(entry.urls[0], `${base}/`);
    const body = await this.download(url, base, `${what} ${version}`);
    if (entry.digest && entry.digest !== sha256(body)) {
      throw new ChartError(
        `${what} ${version}: the archive is not the one its index names (digest)`,
      );
    }
    await this.keep(file, body);
    return { file, version, digest: `sha256:${sha256(body)}` };
  }

  private async readIndex(base: string): Promise<ChartIndex> {
    const body = await this.download(
      new URL(`${base}/index.yaml`),
      base,
      `the index of ${redactUrl(base)}`,
    );
    try {
      return (parseYaml(body.toString('utf8'), {
        maxAliasCount: 100,
      }) ?? {}) as ChartIndex;
    } catch (error) {
      throw new ChartError(
        `the index of ${redactUrl(base)} is not YAML: ${
          (error as Error).message
        }`,
      );
    }
  }

  /** GETs a URL; the repository's credentials go with it only to the repository's own origin. */
  private async download(url: URL, base: string, what: string) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ChartError(`${what}: ${url.protocol} is not fetched`);
    }
    const settings = this.options.repositories?.find(
      r => withoutSlash(r.url) === base,
    );
    const sameOrigin = url.origin === new URL(base).origin;
    const headers: Record<string, string> =
      settings?.username && sameOrigin
        ? {
            authorization: `Basic ${Buffer.from(
              `${settings.username}:${settings.password ?? ''}`,
            ).toString('base64')}`,
          }
        : {};
    const res = await fetch(url, {
      headers,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    }).catch(error => {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new ChartError(
        `cannot fetch ${what}: ${cause?.code ?? (error as Error).message}`,
      );
    });
    if (!res.ok) {
      const refused = res.status === 401 || res.status === 403;
      const hint = settings?.username
        ? ' (the configured credentials are refused)'
        : ' (it needs credentials: set them under slipway.charts.repositories)';
      throw new ChartError(
        `cannot fetch ${what}: HTTP ${res.status}${refused ? hint : ''}`,
      );
    }
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > this.maxBytes) {
      throw new ChartError(
        `${what} is ${body.length} bytes, more than ${this.maxBytes}`,
      );
    }
    return body;
  }

  private async fetchOci(
    chart: Extract<RemoteChart, { oci: string }>,
  ): Promise<FetchedChart> {
    try {
      return await this.pullOci(chart);
    } catch (error) {
      // The registry client's messages name hosts and statuses, never credentials.
      throw error instanceof ChartError
        ? error
        : new ChartError((error as Error).message);
    }
  }

  private async pullOci(
    chart: Extract<RemoteChart, { oci: string }>,
  ): Promise<FetchedChart> {
    const [host, ...rest] = chart.oci.slice('oci://'.length).split('/');
    const repository = rest.join('/');
    const what = `chart ${chart.oci}`;
    const registry = this.registryFor(host);
    // OCI tags cannot hold `+`: helm writes `_` instead.
    const tags = (await registry.listTags(repository)).map(t =>
      t.tag.replace(/_/g, '+'),
    );
    const version = pickChartVersion(tags, chart.version, what);
    const { manifest } = await registry.manifest(
      repository,
      version.replace(/\+/g, '_'),
      OCI_MANIFEST,
    );
    const layer = manifest.layers?.find(l => l.mediaType === HELM_CHART_LAYER);
    if (!layer) {
      throw new ChartError(
        `${what} ${version} is not a Helm chart (no chart layer)`,
      );
    }
    const file = this.cached(`oci\0${layer.digest}`);
    const kept = await fs.readFile(file).catch(() => undefined);
    if (!kept || `sha256:${sha256(kept)}` !== layer.digest) {
      await this.keep(
        file,
        await registry.blob(repository, layer.digest, this.maxBytes),
      );
    }
    return { file, version, digest: layer.digest };
  }

  private registryFor(host: string): OciRegistry {
    let registry = this.registries.get(host);
    if (!registry) {
      const settings = this.options.registries?.find(r => r.host === host);
      registry = new OciRegistry({ ...settings, host });
      this.registries.set(host, registry);
    }
    return registry;
  }

  private cached(key: string) {
    return path.join(this.options.cacheDir, 'charts', `${sha256(key)}.tgz`);
  }

  /** Written aside, then renamed: a reader never sees half an archive. */
  private async keep(file: string, body: Buffer) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const aside = `${file}.${process.pid}.${crypto.randomUUID()}`;
    await fs.writeFile(aside, body);
    await fs.rename(aside, file);
  }
}
