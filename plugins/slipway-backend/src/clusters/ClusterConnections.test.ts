import { ConfigReader } from '@backstage/config';
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
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'production',
                  url: 'https://127.0.0.1:9',
                  authProvider: 'aws',
                  authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod-eks-eu' },
                },
              ],
            },
          ],
        },
        slipway: {
          clusters: [
            {
              name: 'production',
              authProvider: 'aws',
              assumeRole: 'arn:aws:iam::123456789012:role/slipway',
            },
          ],
        },
      }),
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
});
