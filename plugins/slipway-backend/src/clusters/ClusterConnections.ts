import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import type { DispatchStrategy } from '@backstage/plugin-kubernetes-backend';
import type {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  ClusterAccess,
  KubeHttp,
  ObjectClient,
  PromiseCache,
} from '@slipway/engine';

const EKS_CLUSTER_ID = 'kubernetes.io/x-k8s-aws-id';

/** The kubernetes backend's strategies that sign in without a user: the engine's choices. */
const ENGINE_AUTH_PROVIDERS = [
  'serviceAccount',
  'aws',
  'azure',
  'googleServiceAccount',
  'anonymous',
  // kubectl proxy on this machine, which signs in as whoever runs it: local development.
  'localKubectlProxy',
];
/** Its strategies that sign in as the user viewing the Kubernetes tab. */
const USER_AUTH_PROVIDERS = ['google', 'oidc', 'aks'];

/** Gets a cluster's credential from its details, as the kubernetes plugin's strategies do. */
export type CredentialSource = Pick<DispatchStrategy, 'getCredential'>;

export type ClusterConnection = {
  client: ObjectClient;
};

const missingUrl = (name: string) =>
  new InputError(
    `slipway.clusters ${name}: url is required when kubernetes.clusterLocatorMethods has no cluster of that name`,
  );

export type ClusterConnectionsOptions = {
  logger?: LoggerService;
  /**
   * The clusters the kubernetes backend locates (every locator it has), when
   * its Slipway module lends its supplier; else only its config list is read.
   */
  locate?: () => Promise<ClusterDetails[]>;
  /** Stands in for the kubernetes backend's auth strategies (tests). */
  credentialOf?: CredentialSource;
};

/** The engine signs in without a user, so only the strategies that do can be its. */
function checkEngineAuthProvider(c: Config) {
  const authProvider = c.getOptionalString('authProvider') ?? 'serviceAccount';
  if (ENGINE_AUTH_PROVIDERS.includes(authProvider)) {
    return;
  }
  const name = c.getString('name');
  throw new InputError(
    USER_AUTH_PROVIDERS.includes(authProvider)
      ? `slipway.clusters ${name}: authProvider ${authProvider} signs in as the user who opens the Kubernetes tab, and the engine works without one: use ${ENGINE_AUTH_PROVIDERS.join(
          ', ',
        )}`
      : `slipway.clusters ${name}: authProvider ${authProvider} is not one of ${ENGINE_AUTH_PROVIDERS.join(
          ', ',
        )}`,
  );
}

/** A cluster entry as `kubernetes.clusterLocatorMethods` or `slipway.clusters` writes it. */
function clusterDetails(c: Config, base?: ClusterDetails): ClusterDetails {
  const authProvider = c.getOptionalString('authProvider') ?? 'serviceAccount';
  const token = c.getOptionalString('serviceAccountToken');
  const assumeRole = c.getOptionalString('assumeRole');
  const externalId = c.getOptionalString('externalId');
  const url = c.getOptionalString('url') ?? base?.url;
  if (!url) {
    throw missingUrl(c.getString('name'));
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
 * cluster takes the URL, CA and auth metadata of the kubernetes backend's
 * cluster of the same name, as its config list has it, else as its other
 * locators find it (`locate`, lent by kubernetesModuleSlipwayClusters),
 * unless it gives its own. It signs in with the kubernetes backend's strategies.
 */
export class ClusterConnections {
  private readonly connections = new PromiseCache<ClusterConnection>();

  private auth?: DispatchStrategy;

  private constructor(
    private readonly clusters: Map<
      string,
      { entry: Config; configured?: ClusterDetails }
    >,
    private readonly pluginOnly: Set<string>,
    private readonly config: Config,
    private readonly options: ClusterConnectionsOptions,
  ) {}

  static fromConfig(
    config: Config,
    options: ClusterConnectionsOptions = {},
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
    const clusters = new Map<
      string,
      { entry: Config; configured?: ClusterDetails }
    >();
    for (const c of config.getOptionalConfigArray('slipway.clusters') ?? []) {
      const name = c.getString('name');
      checkEngineAuthProvider(c);
      const configured = plugin.get(name);
      // Without the kubernetes backend's locators, only its config list can give the URL.
      if (!options.locate && !configured && !c.getOptionalString('url')) {
        throw missingUrl(name);
      }
      const token = c.getOptionalString('serviceAccountToken');
      if (token && token === configured?.authMetadata.serviceAccountToken) {
        throw new InputError(
          `slipway.clusters ${name}: serviceAccountToken is also the kubernetes plugin's token for that cluster. Give the kubernetes plugin a read-only identity (deploy/kubernetes-plugin) and keep the engine's token for Slipway alone.`,
        );
      }
      clusters.set(name, { entry: c, configured });
    }
    const pluginOnly = new Set(
      [...plugin.keys()].filter(name => !clusters.has(name)),
    );
    return new ClusterConnections(clusters, pluginOnly, config, options);
  }

  names(): string[] {
    return [...this.clusters.keys()];
  }

  /**
   * The client for the cluster: one per cluster for the life of the backend,
   * shared by every target on it, so discovery is cached once and
   * connections stay open. Its credential (an EKS token lasts 15 minutes) is
   * fetched again underneath it every minute, without a new client.
   */
  connect(name: string): Promise<ClusterConnection> {
    return this.connections.get(name, () => this.open(name));
  }

  private async open(name: string): Promise<ClusterConnection> {
    const engine = this.clusters.get(name);
    if (!engine) {
      throw new InputError(
        this.pluginOnly.has(name)
          ? `Cluster "${name}" has no Slipway credentials: add it under slipway.clusters with the engine's own token (the cluster kit: docs/cluster-kit.md), not the kubernetes plugin's`
          : `Cluster "${name}" is not in slipway.clusters; known: ${
              this.names().join(', ') || 'none'
            }`,
      );
    }
    // As the kubernetes backend's config lists it, else as its other locators
    // (catalog, gke, ...) find it: those are asked only for clusters not in config.
    const base =
      engine.configured ??
      (engine.entry.has('url')
        ? undefined
        : (await this.options.locate?.())?.find(c => c.name === name));
    const details = clusterDetails(engine.entry, base);
    let ca: Buffer | undefined;
    if (details.caData) {
      ca = Buffer.from(details.caData, 'base64');
    } else if (details.caFile) {
      ca = await fs.readFile(details.caFile);
    }
    const access = async (): Promise<ClusterAccess> => ({
      server: details.url,
      ca,
      rejectUnauthorized: !details.skipTLSVerify,
      ...credentialAccess(await this.credential(details)),
    });
    // The first credential is fetched now, so a cluster without one fails here;
    // the client takes it first, and fetches a fresh one whenever it refreshes.
    let fetched: ClusterAccess | undefined = await access();
    return {
      client: new ObjectClient(
        new KubeHttp(async () => {
          const ready = fetched;
          fetched = undefined;
          return ready ?? access();
        }),
      ),
    };
  }

  private async credential(
    details: ClusterDetails,
  ): Promise<KubernetesCredential> {
    // A configured token needs no strategy.
    const token = details.authMetadata.serviceAccountToken;
    if (token) {
      return { type: 'bearer token', token };
    }
    return (this.options.credentialOf ?? this.authStrategies()).getCredential(
      details,
      {},
    );
  }

  /**
   * The kubernetes plugin's strategies, loaded on first need: its module
   * brings the AWS, Azure and Google SDKs (about 30 MB of heap) that
   * clusters with a configured token never use.
   */
  private authStrategies(): DispatchStrategy {
    if (!this.auth) {
      // Required here, not imported at the top: only clusters without a token pay for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const kubernetes: typeof import('@backstage/plugin-kubernetes-backend') = require('@backstage/plugin-kubernetes-backend');
      this.auth = new kubernetes.DispatchStrategy({
        authStrategyMap: {
          // Without a token: the pod's own ServiceAccount, when Backstage runs in the cluster.
          serviceAccount: new kubernetes.ServiceAccountStrategy(),
          aws: new kubernetes.AwsIamStrategy({ config: this.config }),
          ...(this.options.logger && {
            azure: new kubernetes.AzureIdentityStrategy(this.options.logger),
          }),
          googleServiceAccount: new kubernetes.GoogleServiceAccountStrategy({
            config: this.config,
          }),
          anonymous: new kubernetes.AnonymousStrategy(),
          localKubectlProxy: new kubernetes.AnonymousStrategy(),
        },
      });
    }
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
