import { KubeConfig } from '@kubernetes/client-node';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ObjectClient } from './ObjectClient';

/**
 * An API server stand-in at the socket level: each response is complete,
 * and the first connection is then dropped at once, as an API server under
 * load may do. Node 22.23 with node-fetch 2 reports such a response as
 * "Premature close" (nodejs/node#63989).
 */
describe('ObjectClient', () => {
  let server: net.Server;
  let connections = 0;
  let requests = 0;
  const sockets: net.Socket[] = [];
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop' },
    data: { mode: 'fast' },
  };

  beforeAll(async () => {
    server = net.createServer(socket => {
      sockets.push(socket);
      const connection = ++connections;
      socket.on('data', data => {
        requests++;
        // Discovery first, then the object.
        const body = JSON.stringify(
          data.toString().startsWith('GET /api/v1 ')
            ? {
                kind: 'APIResourceList',
                groupVersion: 'v1',
                resources: [
                  { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
                ],
              }
            : configMap,
        );
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n${body.length.toString(
            16,
          )}\r\n${body}\r\n0\r\n\r\n`,
        );
        if (connection === 1) {
          socket.destroy();
        }
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => {
    // The client keeps its connection alive: close it from this side.
    sockets.forEach(s => s.destroy());
    return new Promise(r => server.close(r));
  });

  it('reads an object whose first response was cut off when the server dropped the connection', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const client = ObjectClient.forConfig(kc);
    const read = await client.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
    });
    expect(read).toEqual(configMap);
    // Discovery, the object, and each again after a drop.
    expect(requests).toBeGreaterThanOrEqual(2);
  });
});
