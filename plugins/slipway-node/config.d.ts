import type { HumanDuration } from '@backstage/types';

/** A Prometheus HTTP API for canary metrics, and how to sign in to it. */
type PrometheusConfig = {
  /**
   * Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090, or an
   * Amazon Managed Prometheus workspace: https://aps-workspaces.REGION.amazonaws.com/workspaces/ws-ID/
   */
  url: string;
  /** Without it, queries go unauthenticated. */
  auth?:
    | {
        type: 'bearer';
        /** @visibility secret */
        token: string;
      }
    | {
        type: 'basic';
        username: string;
        /** @visibility secret */
        password: string;
      }
    | {
        /** AWS SigV4 (Amazon Managed Prometheus), with the AWS SDK's default credentials (on EKS the pod's role). */
        type: 'sigv4';
        region: string;
        /** Default aps. */
        service?: string;
        /** A role to assume first, e.g. the workspace's account's. */
        assumeRole?: string;
        externalId?: string;
      };
};

export interface Config {
  /** Slipway: GitOps delivery and canary releases. */
  slipway?: {
    /**
     * The engine's own identity per cluster, never the kubernetes plugin's.
     * URL and CA default to the kubernetes plugin's cluster of the same name.
     */
    clusters?: Array<{
      /** The cluster name environments use; also the kubernetes plugin's name for it. */
      name: string;
      /** API server URL; default the kubernetes plugin's. */
      url?: string;
      caData?: string;
      caFile?: string;
      skipTLSVerify?: boolean;
      /**
       * The kubernetes backend's strategy the engine signs in with: serviceAccount (default; its
       * token, or the pod's own when Backstage runs in the cluster), aws (EKS), azure (AKS with
       * a managed identity), googleServiceAccount (GKE) or anonymous. Strategies that sign in
       * as a user (google, oidc, aks) are refused: the engine has none.
       */
      authProvider?:
        | 'serviceAccount'
        | 'aws'
        | 'azure'
        | 'googleServiceAccount'
        | 'anonymous';
      /**
       * The engine's ServiceAccount token (the cluster kit, docs/cluster-kit.md); must not be the kubernetes plugin's.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** For aws: an IAM role to assume. */
      assumeRole?: string;
      /** For aws: the external id of that role. */
      externalId?: string;
      /** More auth metadata, e.g. `kubernetes.io/x-k8s-aws-id` when the EKS cluster's name differs. */
      authMetadata?: { [key: string]: string };
    }>;
    /** Environments in promotion order. */
    environments?: Array<{
      /** Environment name, a DNS-1123 label (staging, production). */
      name: string;
      /** A cluster name from slipway.clusters. */
      cluster: string;
      /** The Git config repository: an https URL or, for local use, a file:// URL. */
      repository: string;
      /** Branch to follow; default main. */
      branch?: string;
      /** Path template with {environment} and {service}; default clusters/{environment}/{service}. */
      path?: string;
      /** Namespaces services in this environment may deploy to. */
      namespaces?: string[];
      /** How kustomize renders services here. */
      kustomize?: {
        /**
         * Let kustomize fetch remote bases and resources (URLs, git
         * repositories) over the network; default false: kustomize runs
         * without network access and a remote resource fails validation.
         */
        remoteBases?: boolean;
      };
      /** Where Canary webhooks may be called. */
      canaryWebhooks?: {
        /**
         * Host names, `*.suffix` names, IP addresses or CIDR ranges; default
         * the cluster's services (`*.svc`, `*.svc.cluster.local`). Link-local
         * and cloud metadata addresses are refused whatever this says.
         */
        allowedHosts?: string[];
      };
      /**
       * Fields whose values no diff, history or drift record keeps (a short
       * salted hash instead), beyond Secret data and stringData, which are
       * always masked. A field is a path: `data` or `data.password`.
       */
      mask?: Array<{ kind: string; fields: string[] }>;
      /**
       * Seconds within which polling brings a commit to the cluster; each
       * service is reconciled a little more often (jittered); default 60.
       */
      interval?: number;
      /** `correct` (default) puts drifted fields back; `detect` only reports them. */
      driftMode?: 'correct' | 'detect';
      /** Seconds objects may stay unhealthy after an apply before the target fails; default 600. */
      progressDeadlineSeconds?: number;
      /** The Prometheus of this environment's cluster, for its Canaries' metrics; default slipway.canary.prometheus. */
      prometheus?: PrometheusConfig;
      /** How a version promoted into this environment reaches Git. */
      promotion?: {
        /**
         * `pull-request` (default): a branch and a pull request to review (on a Git server
         * that is not GitHub, a branch to merge there). `commit`: straight onto the branch.
         */
        mode: 'commit' | 'pull-request';
      };
      /**
       * What Slipway writes to Git after a canary run fails, so that Git again says what
       * serves: `revert` (a commit restoring the service's directory to the release that
       * serves), `pull-request` (the same, as a pull request to review; on a Git server that
       * is not GitHub, a branch to merge there), or `none`. Default: `pull-request` when
       * `promotion.mode` is `pull-request`, else `revert`.
       */
      onCanaryFailure?: 'revert' | 'pull-request' | 'none';
      /**
       * Recurring freezes: while one is in force, new revisions, promotions and
       * image automation wait here (drift is still corrected); a break-glass
       * apply needs its own permission. None by default.
       */
      freezeWindows?: Array<{
        /** Shown in the banner, e.g. `weekend`. */
        name: string;
        /** A cron expression: five fields, or six with seconds first, e.g. `0 18 * * 5`. */
        start: string;
        /** How long each freeze lasts: `62h`, `30m`, `1h30m`. */
        duration: string;
        /** An IANA time zone, `UTC` by default. */
        timeZone?: string;
      }>;
      /**
       * Services here take new images from their registries by policy: the
       * annotation slipway.io/image-policy, else `policy` below.
       */
      imageAutomation?: {
        /** `pull-request` (default) or `commit`; a service's policy may set its own. */
        mode?: 'commit' | 'pull-request';
        /** The policy of services without the annotation, e.g. `{ semver: '>=0.0.0' }`. */
        policy?: {
          image?: string;
          semver?: string;
          regex?: string;
          order?: 'numerical' | 'alphabetical' | 'timestamp';
          pinDigest?: boolean;
          mode?: 'commit' | 'pull-request';
        };
      };
    }>;
    /** Image automation: how registries are read. */
    imageAutomation?: {
      /** Set false on replicas that should not check registries; default true. */
      enabled?: boolean;
      /** Seconds between checks of each (service, environment); default 60. */
      interval?: number;
      /** Per registry host: how to reach it. Hosts not listed are read anonymously over HTTPS. */
      registries?: Array<{
        /** As in image names: ghcr.io, registry.example.com:5000, 123456789012.dkr.ecr.eu-west-1.amazonaws.com (ECR uses the AWS credentials of app-config `aws`). */
        host: string;
        /** Plain HTTP; for a registry on loopback only. */
        insecure?: boolean;
        /** Basic credentials, also used to get bearer tokens from the registry's token service. */
        username?: string;
        /** @visibility secret */
        password?: string;
        /**
         * A bearer token sent as is (GitHub's ghcr.io accepts a PAT this way).
         * @visibility secret
         */
        token?: string;
        /**
         * Hosts (host or host:port) of the registry's token service when it
         * is not the registry's own host (auth.docker.io is known for
         * docker.io). A 401 naming any other token service is refused, so
         * the credentials never go there.
         */
        tokenRealms?: string[];
        /** Requests per second to this host; default 10 (ECR 5). */
        requestsPerSecond?: number;
      }>;
    };
    /**
     * Helm charts of chart releases (`slipway-chart.yaml`). Charts in OCI
     * registries are pulled with the credentials of
     * `slipway.imageAutomation.registries` for their host.
     */
    charts?: {
      /** HTTP chart repositories that need credentials. */
      repositories?: Array<{
        /** Where its index.yaml is: https://charts.example.com/stable. */
        url: string;
        /** Basic auth, sent only to the repository's own origin. */
        username?: string;
        /** @visibility secret */
        password?: string;
      }>;
    };
    /**
     * How long a replica's claim on a target or Canary lasts; renewed while the
     * work runs. A replica that dies holds its work at most this long; default
     * 30 seconds. A duration as elsewhere in Backstage: `{ seconds: 30 }`,
     * `'30s'` or `'PT30S'`.
     */
    lease?: HumanDuration | string;
    /** The older form of `lease`, in seconds. */
    leaseSeconds?: number;
    /** How often the catalog's services become delivery targets again; default 30 seconds. */
    catalogRefresh?: HumanDuration | string;
    /** The older form of `catalogRefresh`, in seconds. */
    catalogRefreshSeconds?: number;
    /** The release history (the Releases view, rollback, DORA figures). */
    releases?: {
      /** How long releases are kept; default 365 days. */
      retention?: HumanDuration | string;
    };
    /** How the backend runs reconciliation. */
    reconcile?: {
      /** Reconciles running at once per cluster, per backend replica; default 8. */
      concurrencyPerCluster?: number;
      /** Path of the kustomize binary; default `kustomize` on PATH. */
      kustomizePath?: string;
      /** Path of the helm binary, for chart releases (`slipway-chart.yaml`); default `helm` on PATH. */
      helmPath?: string;
      /** How long a git fetch or push may take before it is killed and the run fails; default 60 seconds. */
      gitTimeout?: HumanDuration | string;
      /** The older form of `gitTimeout`, in seconds. */
      gitTimeoutSeconds?: number;
      /** Directory for Git clones and exported trees; default under the OS temp dir. */
      workDir?: string;
      /** Set false to serve the API without reconciling (a read-only replica); default true. */
      enabled?: boolean;
    };
    /** The canary engine: runs the Canary resources of every configured cluster. */
    canary?: {
      /** Set false on replicas that should not tick Canaries; default true. */
      enabled?: boolean;
      /** Canaries ticked at once per cluster; default 128 (a tick mostly waits on the API server and Prometheus). */
      concurrencyPerCluster?: number;
      /** Where canary metrics are queried. Without it every metric check fails. */
      prometheus?: PrometheusConfig;
      /** CloudWatch, for metrics with `provider: { type: cloudwatch }`; credentials from the AWS SDK's default chain. */
      cloudwatch?: {
        /** The region of metrics that do not name one, e.g. eu-west-1. */
        region?: string;
      };
    };
    /** Push webhooks that make targets of a repository reconcile at once. */
    webhooks?: {
      /** Larger bodies are refused (HTTP 413) unread; default 5 MiB (5242880). */
      maxBodyBytes?: number;
      github?: {
        /**
         * The webhook secret GitHub signs payloads with (X-Hub-Signature-256).
         * @visibility secret
         */
        secret: string;
      };
    };
  };
}
