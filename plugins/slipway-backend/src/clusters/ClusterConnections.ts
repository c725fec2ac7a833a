import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import type { DispatchStrategy } from '@backstage/plugin-kubernetes-backend';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { ClusterAccess, ObjectClient } from '@slipway/engine';

/** Bearer tokens (AWS ones last 15 minutes) are fetched again after this. */
const CREDENTIAL_TTL_MS = 5 * 60_000;

export type ClusterConnection = {
  client: ObjectClient;
};

/**
 * Connections to the clusters of the kubernetes plugin's config
 * (`kubernetes.clusterLocatorMethods` of type `config`), authenticated the
 * way that plugin does it: `serviceAccount`, `aws` (EKS, IAM through the
 * configured AWS credentials) or `anonymous`.
 */
export class ClusterConnections {
  private readonly connections = new Map<
    string,
    { at: number; connection: Promise<ClusterConnection> }
  >();

  private auth?: Promise<DispatchStrategy>;

  private constructor(
    private readonly clusters: Map<string, ClusterDetails>,
    private readonly config: Config,
  ) {}

  static fromConfig(config: Config): ClusterConnections {
    const clusters = new Map<string, ClusterDetails>();
    for (const locator of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (locator.getString('type') !== 'config') {
        continue;
      }
      for (const c of locator.getOptionalConfigArray('clusters') ?? []) {
        const authProvider =
          c.getOptionalString('authProvider') ?? 'serviceAccount';
        const token = c.getOptionalString('serviceAccountToken');
        const assumeRole = c.getOptionalString('assumeRole');
        const externalId = c.getOptionalString('externalId');
        clusters.set(c.getString('name'), {
          name: c.getString('name'),
          url: c.getString('url'),
          skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
          caData: c.getOptionalString('caData'),
          caFile: c.getOptionalString('caFile'),
          authMetadata: {
            'kubernetes.io/auth-provider': authProvider,
            ...(token && { serviceAccountToken: token }),
            ...(assumeRole && { 'kubernetes.io/aws-assume-role': assumeRole }),
            ...(externalId && { 'kubernetes.io/aws-external-id': externalId }),
          },
        });
      }
    }
    return new ClusterConnections(clusters, config);
  }

  names(): string[] {
    return [...this.clusters.keys()];
  }

  /** A client for the cluster, shared by every target on it so discovery is cached once. */
  connect(name: string): Promise<ClusterConnection> {
    const cached = this.connections.get(name);
    if (cached && Date.now() - cached.at < CREDENTIAL_TTL_MS) {
      return cached.connection;
    }
    const connection = this.open(name);
    connection.catch(() => this.connections.delete(name));
    this.connections.set(name, { at: Date.now(), connection });
    return connection;
  }

  private async open(name: string): Promise<ClusterConnection> {
    const details = this.clusters.get(name);
    if (!details) {
      throw new InputError(
        `Cluster "${name}" is not in kubernetes.clusterLocatorMethods (type config); known: ${
          this.names().join(', ') || 'none'
        }`,
      );
    }
    // A configured token needs no strategy (and the kubernetes plugin's one
    // loads the client lazily, which Jest cannot do).
    const token = details.authMetadata.serviceAccountToken;
    const credential = token
      ? { type: 'bearer token' as const, token }
      : await (await this.authStrategies()).getCredential(details, {});
    let ca: Buffer | undefined;
    if (details.caData) {
      ca = Buffer.from(details.caData, 'base64');
    } else if (details.caFile) {
      ca = await fs.readFile(details.caFile);
    }
    return {
      client: ObjectClient.forCluster({
        server: details.url,
        ca,
        rejectUnauthorized: !details.skipTLSVerify,
        ...credentialAccess(credential),
      }),
    };
  }

  /**
   * The kubernetes plugin's strategies, loaded on first need: its module
   * brings the AWS, Azure and Google SDKs (about 30 MB of heap) that
   * clusters with a configured token never use.
   */
  private authStrategies(): Promise<DispatchStrategy> {
    this.auth ??= import('@backstage/plugin-kubernetes-backend').then(
      kubernetes =>
        new kubernetes.DispatchStrategy({
          authStrategyMap: {
            serviceAccount: new kubernetes.ServiceAccountStrategy(),
            aws: new kubernetes.AwsIamStrategy({ config: this.config }),
            anonymous: new kubernetes.AnonymousStrategy(),
          },
        }),
    );
    return this.auth;
  }
}

function credentialAccess(
  credential: KubernetesCredential,
): Pick<ClusterAccess, 'headers' | 'cert' | 'key'> {
  if (credential.type === 'bearer token') {
    return { headers: { Authorization: `Bearer ${credential.token}` } };
  }
  if (credential.type === 'x509 client certificate') {
    return {
      headers: {},
      cert: Buffer.from(credential.cert),
      key: Buffer.from(credential.key),
    };
  }
  return { headers: {} };
}
