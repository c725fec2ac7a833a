import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

type Published = {
  manifest: Record<string, unknown> & { name: string; version: string };
  file: string;
  shasum: string;
  integrity: string;
};

/**
 * An npm registry for one scope, serving the packed tarballs as if they had
 * been published: what a company's private registry (or npmjs.org after
 * `yarn changeset publish`) answers a package manager. Only the packument
 * and tarball routes Yarn uses are served; every other scope stays with the
 * app's own registry.
 */
export class ScopedRegistry {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly packages: string[],
  ) {}

  static async serve(packsDir: string): Promise<ScopedRegistry> {
    const published = new Map<string, Published>();
    const files = (await fs.readdir(packsDir)).filter(f => f.endsWith('.tgz'));
    if (!files.length) {
      throw new Error(
        `no tarballs in ${packsDir}: run scripts/pack-plugins.sh first`,
      );
    }
    for (const file of files) {
      const full = path.join(packsDir, file);
      const bytes = await fs.readFile(full);
      const manifest = JSON.parse(
        execFileSync('tar', ['-xzOf', full, 'package/package.json'], {
          encoding: 'utf8',
        }),
      );
      published.set(manifest.name, {
        manifest,
        file: full,
        shasum: createHash('sha1').update(bytes).digest('hex'),
        integrity: `sha512-${createHash('sha512')
          .update(bytes)
          .digest('base64')}`,
      });
    }

    const server = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://registry');
      const tarball = url.pathname.match(/^\/-\/tarball\/(.+)$/);
      const name = decodeURIComponent(
        (tarball ? tarball[1] : url.pathname.slice(1)).replace(/%2f/i, '/'),
      );
      const entry = published.get(name);
      if (!entry || req.method !== 'GET') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not found' }));
        return;
      }
      if (tarball) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(await fs.readFile(entry.file));
        return;
      }
      const { version } = entry.manifest;
      const base = `http://${req.headers.host}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          name,
          'dist-tags': { latest: version },
          versions: {
            [version]: {
              ...entry.manifest,
              dist: {
                tarball: `${base}/-/tarball/${encodeURIComponent(name)}`,
                shasum: entry.shasum,
                integrity: entry.integrity,
              },
            },
          },
        }),
      );
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = server.address() as AddressInfo;
    return new ScopedRegistry(
      server,
      `http://localhost:${port}`,
      [...published.keys()].sort(),
    );
  }

  close(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()));
  }
}
