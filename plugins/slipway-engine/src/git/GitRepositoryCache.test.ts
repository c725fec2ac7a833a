import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from './GitRepositoryCache';
import { GitError } from './runGit';
import { createTestRepository } from '../testUtils/testRepository';

describe('GitRepositoryCache', () => {
  let work: string;
  let origin: string;
  let cache: GitRepositoryCache;

  let repo: ReturnType<typeof createTestRepository>;
  const commit = (file: string, content: string, message: string) =>
    repo.commit({ [file]: content }, message);

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-git-'));
    origin = path.join(work, 'origin');
    repo = createTestRepository(origin);
    cache = new GitRepositoryCache(path.join(work, 'cache'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('fetches the branch head with its commit message and author', async () => {
    const sha = commit(
      'clusters/staging/web/app.yaml',
      'a: 1\n',
      'Deploy web 1.0\n\nWith details',
    );
    const fetched = await cache.fetch({ url: origin, branch: 'main' });
    expect(fetched).toEqual({
      revision: sha,
      author: 'Ada <ada@example.com>',
      committedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: 'Deploy web 1.0\n\nWith details',
    });
  });

  it('sees new commits on the next fetch, and exports either revision', async () => {
    const first = commit('clusters/staging/web/app.yaml', 'a: 1\n', 'one');
    await cache.fetch({ url: `file://${origin}`, branch: 'main' });
    const second = commit('clusters/staging/web/app.yaml', 'a: 2\n', 'two');
    const fetched = await cache.fetch({
      url: `file://${origin}`,
      branch: 'main',
    });
    expect(fetched.revision).toBe(second);

    const source = { url: `file://${origin}`, branch: 'main' };
    const out1 = path.join(work, 'out1');
    const out2 = path.join(work, 'out2');
    await cache.export(source, second, 'clusters/staging/web', out2);
    await cache.export(source, first, 'clusters/staging/web', out1);
    const read = (dir: string) =>
      fs.readFileSync(path.join(dir, 'clusters/staging/web/app.yaml'), 'utf8');
    expect(read(out2)).toBe('a: 2\n');
    expect(read(out1)).toBe('a: 1\n');
    expect(fs.readdirSync(out1)).toEqual(['clusters']);
  });

  it('serialises concurrent fetches of one source', async () => {
    const sha = commit('x.yaml', 'x: 1\n', 'x');
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        cache.fetch({ url: origin, branch: 'main' }),
      ),
    );
    expect(results.map(r => r.revision)).toEqual(Array(5).fill(sha));
  });

  it('names the repository and branch when the fetch fails, without credentials', async () => {
    commit('x.yaml', 'x: 1\n', 'x');
    await expect(
      cache.fetch({ url: origin, branch: 'release' }),
    ).rejects.toThrow(new RegExp(`cannot fetch branch release of .*origin`));
    const failure = cache.fetch({
      url: 'https://user:s3cret@127.0.0.1:1/config.git',
      branch: 'main',
      credentials: { type: 'token', token: 'tok3n' },
    });
    await expect(failure).rejects.toBeInstanceOf(GitError);
    const message = await failure.catch(e => (e as Error).message);
    expect(message).toContain('https://127.0.0.1:1/config.git');
    expect(message).not.toMatch(/s3cret|tok3n/);
  });

  describe('credentials', () => {
    const servers: Array<net.Server> = [];
    const listen = async (server: net.Server) => {
      servers.push(server);
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      return (server.address() as net.AddressInfo).port;
    };
    afterEach(() => servers.splice(0).forEach(s => s.close()));

    it('reach the server as an Authorization header, from the environment, never the command line', async () => {
      const seen: string[] = [];
      const port = await listen(
        http.createServer((req, res) => {
          seen.push(`${req.headers.authorization}`);
          res.writeHead(403).end();
        }),
      );
      await cache
        .fetch({
          url: `http://ada:pa55word@127.0.0.1:${port}/config.git`,
          branch: 'main',
        })
        .catch(() => undefined);
      expect(seen[0]).toBe(
        `Basic ${Buffer.from('ada:pa55word').toString('base64')}`,
      );
      const config = fs.readFileSync(
        path.join(
          work,
          'cache',
          fs.readdirSync(path.join(work, 'cache'))[0],
          '.git',
          'config',
        ),
        'utf8',
      );
      expect(config).not.toContain('pa55word');
    });

    it('stay out of the message when a server accepts and never answers', async () => {
      const port = await listen(net.createServer(() => undefined));
      const hanging = new GitRepositoryCache(path.join(work, 'hang'), {
        timeoutMs: 1000,
      });
      const message = await hanging
        .fetch({
          url: `http://ada:pa55word@127.0.0.1:${port}/config.git`,
          branch: 'main',
          credentials: { type: 'token', token: 'tok3n-secret' },
        })
        .then(
          () => 'fetched',
          e => (e as Error).message,
        );
      expect(message).toBe(
        `cannot fetch branch main of http://127.0.0.1:${port}/config.git: git fetch gave no answer within 1 s`,
      );
    });
  });
});
