import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import type { DispatchStrategy } from '@backstage/plugin-kubernetes-backend';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { ClusterAccess, ObjectClient } from '@slipway/engine';

const EKS_CLUSTER_ID = 'kubernetes.io/x-k8s-aws-id';

/** Bearer tokens (AWS ones last 15 minutes) are fetched again after this. */
const CREDENTIAL_TTL_MS = 5 * 60_000;

/** Gets a cluster's credential from its details, as the kubernetes plugin's strategies do. */
export type CredentialSource = Pick<DispatchStrategy, 'getCredential'>;

export type ClusterConnection = {
  client: ObjectClient;
};

/** A cluster entry as `kubernetes.clusterLocatorMethods` or `slipway.clusters` writes it. */
function clusterDetails(c: Config, base?: ClusterDetails): ClusterDetails {
  const authProvider = c.getOptionalString('authProvider') ?? 'serviceAccount';
  const token = c.getOptionalString('serviceAccountToken');
  const assumeRole = c.getOptionalString('assumeRole');
  const externalId = c.getOptionalString('externalId');
  const url = c.getOptionalString('url') ?? base?.url;
  if (!url) {
    throw new InputError(
      `slipway.clusters ${c.getString(
        'name',
      )}: url is required when kubernetes.clusterLocatorMethods has no cluster of that name`,
    );
  }
  // What the cluster's auth needs beyond the fields above, e.g. the EKS
  // cluster name (kubernetes.io/x-k8s-aws-id) when it differs from `name`.
  const extra = c.getOptional<Record<string, string>>('authMetadata') ?? {};
  return {
    name: c.getString('name'),
    url,
    skipTLSVerify:
      c.getOptionalBoolean('skipTLSVerify') ?? base?.skipTLSVerify ?? false,
    caData: c.getOptionalString('caData') ?? base?.caData,
    caFile: c.getOptionalString('caFile') ?? base?.caFile,
    authMetadata: {
      // The cluster's EKS name is the cluster's, not a credential: reused from the plugin's entry.
      ...(base?.authMetadata[EKS_CLUSTER_ID] && {
        [EKS_CLUSTER_ID]: base.authMetadata[EKS_CLUSTER_ID],
      }),
      ...extra,
      'kubernetes.io/auth-provider': authProvider,
      ...(token && { serviceAccountToken: token }),
      ...(assumeRole && { 'kubernetes.io/aws-assume-role': assumeRole }),
      ...(externalId && { 'kubernetes.io/aws-external-id': externalId }),
    },
  };
}

/**
 * Connections to the clusters Slipway delivers to, with the engine's own
 * identity (`slipway.clusters`), never the kubernetes plugin's: that
 * plugin's token serves every signed-in user through its proxy, so it must
 * be a read-only one, and the engine's token must not be it. A Slipway
 * cluster reuses the URL and CA of the kubernetes plugin's cluster of the
 * same name (`kubernetes.clusterLocatorMethods` of type `config`) unless it
 * gives its own. Authentication as that plugin does it: `serviceAccount`,
 * `aws` (EKS, IAM through the configured AWS credentials) or `anonymous`.
 */
export class ClusterConnections {
  private readonly connections = new Map<
    string,
    { at: number; connection: Promise<ClusterConnection> }
  >();

  private auth?: Promise<DispatchStrategy>;

  private constructor(
    private readonly clusters: Map<string, ClusterDetails>,
    private readonly pluginOnly: Set<string>,
    private readonly config: Config,
    private readonly credentialOf?: CredentialSource,
  ) {}

  /** `credentialOf` stands in for the kubernetes plugin's auth strategies (tests). */
  static fromConfig(
    config: Config,
    options: { credentialOf?: CredentialSource } = {},
  ): ClusterConnections {
    const plugin = new Map<string, ClusterDetails>();
    for (const locator of config.getOptionalConfigArray(
      'kubernetes.clusterLocatorMethods',
    ) ?? []) {
      if (locator.getString('type') !== 'config') {
        continue;
      }
      for (const c of locator.getOptionalConfigArray('clusters') ?? []) {
        plugin.set(c.getString('name'), clusterDetails(c));
      }
    }
    const clusters = new Map<string, ClusterDetails>();
    for (const c of config.getOptionalConfigArray('slipway.clusters') ?? []) {
      const name = c.getString('name');
      const details = clusterDetails(c, plugin.get(name));
      const token = details.authMetadata.serviceAccountToken;
      if (
        token &&
        token === plugin.get(name)?.authMetadata.serviceAccountToken
      ) {
        throw new InputError(
          `slipway.clusters ${name}: serviceAccountToken is also the kubernetes plugin's token for that cluster. Give the kubernetes plugin a read-only identity (deploy/kubernetes-plugin) and keep the engine's token for Slipway alone.`,
        );
      }
      clusters.set(name, details);
    }
    const pluginOnly = new Set(
      [...plugin.keys()].filter(name => !clusters.has(name)),
    );
    return new ClusterConnections(
      clusters,
      pluginOnly,
      config,
      options.credentialOf,
    );
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
        this.pluginOnly.has(name)
          ? `Cluster "${name}" has no Slipway credentials: add it under slipway.clusters with the engine's own token (the cluster kit: docs/cluster-kit.md), not the kubernetes plugin's`
          : `Cluster "${name}" is not in slipway.clusters; known: ${
              this.names().join(', ') || 'none'
            }`,
      );
    }
    // A configured token needs no strategy (and the kubernetes plugin's one
    // loads the client lazily, which Jest cannot do).
    const token = details.authMetadata.serviceAccountToken;
    const credential = token
      ? { type: 'bearer token' as const, token }
      : await (
          this.credentialOf ?? (await this.authStrategies())
        ).getCredential(details, {});
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
