import { ConfigReader } from '@backstage/config';
import {
  eksClusterConfig,
  startFakeApiServer,
} from '../__testUtils__/fakeApiServer';
import { ClusterConnections } from './ClusterConnections';

const kubernetes = (token?: string) => ({
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name: 'eks-staging',
          url: 'https://127.0.0.1:9',
          caData: 'Y2E=',
          ...(token && { serviceAccountToken: token }),
        },
      ],
    },
  ],
});

/** The engine connects with its own identity, never the kubernetes plugin's. */
describe('ClusterConnections', () => {
  it("refuses the kubernetes plugin's token as the engine's", () => {
    const config = new ConfigReader({
      kubernetes: kubernetes('shared-token'),
      slipway: {
        clusters: [
          { name: 'eks-staging', serviceAccountToken: 'shared-token' },
        ],
      },
    });
    expect(() => ClusterConnections.fromConfig(config)).toThrow(
      "slipway.clusters eks-staging: serviceAccountToken is also the kubernetes plugin's token for that cluster",
    );
  });

  it("reuses the kubernetes plugin's URL and CA with the engine's own token", async () => {
    const connections = ClusterConnections.fromConfig(
      new ConfigReader({
        kubernetes: kubernetes('reader-token'),
        slipway: {
          clusters: [
            { name: 'eks-staging', serviceAccountToken: 'engine-token' },
          ],
        },
      }),
    );
    expect(connections.names()).toEqual(['eks-staging']);
    await expect(connections.connect('eks-staging')).resolves.toBeDefined();
  });

  it('names the missing slipway.clusters entry for a cluster only the kubernetes plugin knows', async () => {
    const connections = ClusterConnections.fromConfig(
      new ConfigReader({ kubernetes: kubernetes('reader-token') }),
    );
    await expect(connections.connect('eks-staging')).rejects.toThrow(
      'Cluster "eks-staging" has no Slipway credentials: add it under slipway.clusters',
    );
  });

  it('needs a URL for a cluster the kubernetes plugin does not know', () => {
    expect(() =>
      ClusterConnections.fromConfig(
        new ConfigReader({ slipway: { clusters: [{ name: 'elsewhere' }] } }),
      ),
    ).toThrow(
      'slipway.clusters elsewhere: url is required when kubernetes.clusterLocatorMethods has no cluster of that name',
    );
  });

  it('hands the auth strategy the EKS cluster name from authMetadata (AwsIamStrategy signs its token for that name), and the engine its own role', async () => {
    const seen: Array<Record<string, string>> = [];
    const credentialOf = {
      getCredential: async (details: {
        authMetadata: Record<string, string>;
      }) => {
        seen.push(details.authMetadata);
        return { type: 'bearer token' as const, token: 'k8s-aws-v1.x' };
      },
    };
    const connections = ClusterConnections.fromConfig(
      new ConfigReader(
        eksClusterConfig('https://127.0.0.1:9', {
          assumeRole: 'arn:aws:iam::123456789012:role/slipway',
        }),
      ),
      { credentialOf },
    );
    await connections.connect('production');
    expect(seen).toEqual([
      {
        'kubernetes.io/x-k8s-aws-id': 'prod-eks-eu',
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/aws-assume-role':
          'arn:aws:iam::123456789012:role/slipway',
      },
    ]);
  });

  it('keeps one client per cluster, its discovery cache and connections, while the credential is fetched again underneath it', async () => {
    const server = await startFakeApiServer();
    let issued = 0;
    const credentialOf = {
      getCredential: async () => ({
        type: 'bearer token' as const,
        token: `eks-token-${++issued}`,
      }),
    };
    const now = jest.spyOn(Date, 'now');
    try {
      const connections = ClusterConnections.fromConfig(
        new ConfigReader({
          slipway: {
            clusters: [
              {
                name: 'eks',
                url: server.url,
                authProvider: 'aws',
              },
            ],
          },
        }),
        { credentialOf },
      );
      const first = await connections.connect('eks');
      await first.client.describeKind('v1', 'ConfigMap');
      // Sixteen minutes on: the first EKS token has expired.
      now.mockReturnValue(Date.now() + 16 * 60_000);
      const again = await connections.connect('eks');
      expect(again.client).toBe(first.client);
      await again.client.describeKind('v1', 'ConfigMap');
      await again.client.describeKind('apps/v1', 'Deployment');
      expect(server.seen).toEqual([
        { path: '/api/v1', authorization: 'Bearer eks-token-1' },
        // /api/v1 is not asked again: the discovery cache outlived the token.
        { path: '/apis/apps/v1', authorization: 'Bearer eks-token-2' },
      ]);
    } finally {
      now.mockRestore();
      server.close();
    }
  });

  it('refuses, for the engine, strategies that sign in as a user, naming the ones it can use', () => {
    expect(() =>
      ClusterConnections.fromConfig(
        new ConfigReader({
          slipway: {
            clusters: [
              { name: 'gke', url: 'https://127.0.0.1:9', authProvider: 'oidc' },
            ],
          },
        }),
      ),
    ).toThrow(
      'slipway.clusters gke: authProvider oidc signs in as the user who opens the Kubernetes tab, and the engine works without one: use serviceAccount, aws, azure, googleServiceAccount, anonymous',
    );
  });
});
