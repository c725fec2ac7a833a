import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubernetesApiError } from './KubeHttp';
import { ObjectClient } from './ObjectClient';

/**
 * An API server stand-in at the socket level, so the test decides exactly
 * when a connection closes: after its first answer, each connection is
 * dropped as soon as the next request arrives on it, as an API server does
 * with an idle kept-alive connection it has just closed.
 */
describe('ObjectClient', () => {
  let server: net.Server;
  const requests: string[] = [];
  const sockets: net.Socket[] = [];
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop' },
    data: { mode: 'fast' },
  };

  const answer = (received: string): [number, unknown] => {
    // A server URL's own path (a proxy's) comes before the API's.
    const request = received.replace(' /proxy/k8s/', ' /');
    if (request.startsWith('GET /api/v1 ')) {
      return [
        200,
        {
          kind: 'APIResourceList',
          groupVersion: 'v1',
          resources: [
            { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
            { name: 'secrets', kind: 'Secret', namespaced: true },
          ],
        },
      ];
    }
    if (request.startsWith('GET /api/v1/namespaces/shop/configmaps/settings')) {
      return [200, configMap];
    }
    return [
      403,
      {
        kind: 'Status',
        message:
          'secrets "token" is forbidden: User "slipway" cannot get resource "secrets"',
        code: 403,
      },
    ];
  };

  beforeAll(async () => {
    server = net.createServer(socket => {
      sockets.push(socket);
      let answered = 0;
      socket.on('data', data => {
        const request = data.toString();
        requests.push(request.split('\r\n')[0]);
        if (answered++ > 0) {
          socket.destroy();
          return;
        }
        const [status, body] = answer(request);
        const text = JSON.stringify(body);
        socket.write(
          `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(
            text,
          )}\r\nConnection: keep-alive\r\n\r\n${text}`,
        );
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => {
    // The client keeps its connections alive: close them from this side.
    sockets.forEach(s => s.destroy());
    return new Promise(r => server.close(r));
  });

  const client = (serverPath = '') =>
    ObjectClient.forCluster({
      server: `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }${serverPath}`,
      headers: { Authorization: 'Bearer t' },
    });

  it('sends a request again when the server dropped the kept-alive connection under it', async () => {
    requests.length = 0;
    const read = await client().read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
    });
    expect(read).toEqual(configMap);
    expect(requests).toEqual([
      'GET /api/v1 HTTP/1.1',
      // Dropped on the discovery's connection, answered on a new one.
      'GET /api/v1/namespaces/shop/configmaps/settings HTTP/1.1',
      'GET /api/v1/namespaces/shop/configmaps/settings HTTP/1.1',
    ]);
  });

  const failedRead = (kind: string, name: string) =>
    client()
      .read({ apiVersion: 'v1', kind, metadata: { name, namespace: 'shop' } })
      .catch(e => e);

  it("fails with the HTTP status and the API server's own message", async () => {
    const error = await failedRead('Secret', 'token');
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error.code).toBe(403);
    expect(error.message).toBe(
      'GET /api/v1/namespaces/shop/secrets/token: HTTP 403: secrets "token" is forbidden: User "slipway" cannot get resource "secrets"',
    );
  });

  it('says when the cluster does not serve a kind, with 404 as the code', async () => {
    const error = await failedRead('Widget', 'w');
    expect(error.code).toBe(404);
    expect(error.message).toContain('the cluster does not serve Widget in v1');
    expect(await client().describeKind('v1', 'Widget')).toBeUndefined();
  });

  it('keeps the path of a server URL behind a proxy', async () => {
    requests.length = 0;
    await client('/proxy/k8s/').read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
    });
    expect(requests[0]).toBe('GET /proxy/k8s/api/v1 HTTP/1.1');
    expect(requests).toContain(
      'GET /proxy/k8s/api/v1/namespaces/shop/configmaps/settings HTTP/1.1',
    );
  });
});
