import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An API server that answers every GET with a discovery document of
 * ConfigMaps and Deployments and keeps each request's path and
 * Authorization: what a cluster received, for tests of how Slipway signs in.
 */
export async function startFakeApiServer() {
  const seen: Array<{ path: string; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url!, authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        resources: [
          { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
          { name: 'deployments', kind: 'Deployment', namespaced: true },
        ],
      }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => server.close(),
  };
}

/**
 * app-config with an EKS cluster `production` in the kubernetes plugin's
 * list (its EKS name in authMetadata differs) and the engine's own entry.
 */
export const eksClusterConfig = (
  url: string,
  engine: Record<string, string>,
) => ({
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'production',
            url,
            authProvider: 'aws',
            authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod-eks-eu' },
          },
        ],
      },
    ],
  },
  slipway: {
    clusters: [{ name: 'production', authProvider: 'aws', ...engine }],
  },
});
