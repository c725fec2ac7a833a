import http from 'node:http';
import net from 'node:net';
import { callWebhook } from './webhooks';

/** Local HTTP servers that record what reached them. */
function servers() {
  const started: http.Server[] = [];
  const hits: string[] = [];
  return {
    hits,
    async start(name: string, handler: http.RequestListener) {
      const server = http.createServer((req, res) => {
        hits.push(`${name} ${req.method} ${req.url}`);
        handler(req, res);
      });
      started.push(server);
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      return (server.address() as net.AddressInfo).port;
    },
    stop: () => started.splice(0).forEach(s => s.close()),
  };
}

const payload = {
  name: 'web',
  namespace: 'shop',
  phase: 'Progressing' as const,
  checksum: 'c',
};
const hook = (url: string) => ({
  name: 'gate',
  type: 'pre-rollout' as const,
  url,
  timeout: '2s',
});
const loopback = { allowedHosts: ['127.0.0.1'] };

/** A Canary in Git decides where its webhooks go: only where the environment allows. */
describe('callWebhook', () => {
  const local = servers();
  afterEach(() => local.stop());

  it('refuses the cloud metadata address whatever the allow-list says', async () => {
    const result = await callWebhook(
      hook('http://169.254.169.254/latest/meta-data/iam/security-credentials/'),
      payload,
      undefined,
      { allowedHosts: ['169.254.0.0/16', '0.0.0.0/0'] },
    );
    expect(result).toMatchObject({
      passed: false,
      error:
        'refused: 169.254.169.254 is a link-local or cloud metadata address, never called (slipway.environments[].canaryWebhooks.allowedHosts)',
    });
  });

  it('refuses hosts outside the allow-list, also names that resolve to allowed-looking addresses', async () => {
    const port = await local.start('hook', (_q, s) => s.end());
    const byDefault = await callWebhook(
      hook(`http://127.0.0.1:${port}/`),
      payload,
    );
    expect(byDefault.error).toMatch(
      /^refused: 127\.0\.0\.1 is not in the allowed hosts \(\*\.svc, \*\.svc\.cluster\.local\)/,
    );
    const byName = await callWebhook(
      hook(`http://localhost:${port}/`),
      payload,
      undefined,
      { allowedHosts: ['10.0.0.0/8'] },
    );
    expect(byName.error).toMatch(
      /^refused: localhost: 127\.0\.0\.1 is not in the allowed hosts/,
    );
    expect(local.hits).toEqual([]);
  });

  it('does not follow a redirect, and keeps a short sanitized reason of a long answer', async () => {
    const elsewhere = await local.start('elsewhere', (_q, s) => s.end('ok'));
    const port = await local.start('hook', (req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(307, { location: `http://127.0.0.1:${elsewhere}/` });
        res.end();
      } else {
        res.writeHead(403);
        res.end(`\u001b[31mdenied\u0000 ${'x'.repeat(1024 * 1024)}`);
      }
    });
    const redirected = await callWebhook(
      hook(`http://127.0.0.1:${port}/redirect`),
      payload,
      undefined,
      loopback,
    );
    expect(redirected).toMatchObject({
      passed: false,
      status: 307,
      error: 'answered 307: redirects are not followed',
    });
    expect(local.hits).toEqual([`hook POST /redirect`]);
    const long = await callWebhook(
      hook(`http://127.0.0.1:${port}/long`),
      payload,
      undefined,
      loopback,
    );
    expect(long.error).toBe(`answered 403: [31mdenied ${'x'.repeat(109)}`);
  });

  it('calls an allowed host and takes its 2xx as a yes', async () => {
    const port = await local.start('hook', (_q, s) => s.end('fine'));
    const result = await callWebhook(
      hook(`http://localhost:${port}/`),
      payload,
      undefined,
      { allowedHosts: ['localhost'] },
    );
    expect(result).toMatchObject({ passed: true, status: 200 });
  });
});
