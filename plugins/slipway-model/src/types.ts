import type { ImagePolicy } from './imagePolicy';

/**
 * An environment as the backend exposes it: app-config `slipway.environments`.
 *
 * @public
 */
export type SlipwayEnvironment = {
  name: string;
  /** A cluster name from the kubernetes plugin's cluster list. */
  cluster: string;
  repository: string;
  branch: string;
  /** Path template with `{environment}` and `{service}`. */
  path: string;
  /**
   * Namespaces services in this environment may write (required); `{service}`
   * stands for the service's name (`shop-{service}`). The first is where
   * objects without a namespace go.
   */
  namespaces: string[];
  /** Cluster-scoped kinds services here may write (`Namespace`, `group/Kind`); none by default. */
  clusterScopedKinds: string[];
  /** Kinds no service here may write: RBAC, CRDs and admission webhooks by default. */
  deniedKinds: string[];
  /**
   * Whether services here take over live objects that carry no Slipway
   * labels (made by kubectl or another tool) instead of refusing them;
   * never another service's objects, never a Namespace. Off by default.
   */
  adoptUnlabelled: boolean;
  /**
   * A prune deleting more than this share of a target's objects, or more
   * than this many, waits for a person to confirm it (Confirm prune).
   */
  prune: { confirmAboveFraction: number; confirmAboveCount: number };
  /**
   * Fields whose values no diff, history or drift record keeps (a short
   * salted hash instead), beyond Secret `data` and `stringData`, which are
   * always masked: `{ kind: 'ConfigMap', fields: ['data.DATABASE_URL'] }`.
   */
  mask: Array<{ kind: string; fields: string[] }>;
  /**
   * Where Canary webhooks of services here may be called: host names,
   * `*.suffix` names, IP addresses or CIDR ranges. The cluster's services
   * (`*.svc`, `*.svc.cluster.local`) by default; link-local and cloud
   * metadata addresses never.
   */
  canaryWebhooks: { allowedHosts: string[] };
  /** Whether kustomize may fetch remote bases and resources over the network here; off by default. */
  kustomize: { remoteBases: boolean };
  /** Seconds within which polling brings a commit to the cluster. */
  interval: number;
  driftMode: 'correct' | 'detect';
  progressDeadlineSeconds: number;
  /** Where this environment's canary metrics are queried, when not `slipway.canary.prometheus`. */
  prometheus?: PrometheusSettings;
  /** How a version promoted to this environment reaches its branch: a commit, or a pull request to review (default). */
  promotion?: { mode: 'commit' | 'pull-request' };
  /**
   * What Slipway writes to Git after a canary run fails, so that Git again
   * says what serves: `revert` (a commit restoring the service's directory
   * to the release that serves), `pull-request` (the same as a pull request
   * to review), or `none`. Default: `pull-request` where promotions are
   * reviewed, else `revert`.
   */
  onCanaryFailure?: 'revert' | 'pull-request' | 'none';
  /**
   * When new revisions, promotions and image automation wait here (drift is
   * still corrected); none by default.
   */
  freezeWindows?: FreezeWindow[];
  /** Present when services here take new images from their registries by policy. */
  imageAutomation?: {
    mode: 'commit' | 'pull-request';
    /** The policy of services that have no slipway.io/image-policy annotation of their own. */
    policy?: ImagePolicy;
  };
};

/**
 * A recurring freeze: it starts at each time `start` names (a cron
 * expression: five fields, or six with seconds first) in `timeZone`, and
 * lasts `duration`.
 *
 * @public
 */
export type FreezeWindow = {
  name: string;
  start: string;
  /** `62h`, `30m`, `1h30m`. */
  duration: string;
  /** An IANA time zone such as `Europe/Berlin`; `UTC` by default. */
  timeZone: string;
};

/**
 * One (service, environment) pair of an entity, as the backend resolves it.
 *
 * @public
 */
export type DeliveryTarget = {
  /** The service name in the config repository and in object labels. */
  service: string;
  environment: string;
  cluster: string;
  repository: string;
  branch: string;
  /** The service's directory in the config repository. */
  path: string;
};

/**
 * A Prometheus HTTP API for canary metrics and how Slipway signs in to it;
 * `sigv4` is Amazon Managed Prometheus (service `aps` by default).
 *
 * @public
 */
export type PrometheusSettings = {
  url: string;
  auth?:
    | { type: 'bearer'; token: string }
    | { type: 'basic'; username: string; password: string }
    | {
        type: 'sigv4';
        region: string;
        service?: string;
        assumeRole?: string;
        externalId?: string;
      };
};
