export interface Config {
  /** Slipway: GitOps delivery and canary releases. */
  slipway?: {
    /** Environments in promotion order. */
    environments?: Array<{
      /** Environment name, a DNS-1123 label (staging, production). */
      name: string;
      /** A cluster name from kubernetes.clusterLocatorMethods. */
      cluster: string;
      /** The Git config repository: an https URL or, for local use, a file:// URL. */
      repository: string;
      /** Branch to follow; default main. */
      branch?: string;
      /** Path template with {environment} and {service}; default clusters/{environment}/{service}. */
      path?: string;
      /** Namespaces services in this environment may deploy to. */
      namespaces?: string[];
      /** Seconds between reconciles of each service (with jitter); default 60. */
      interval?: number;
      /** `correct` (default) puts drifted fields back; `detect` only reports them. */
      driftMode?: 'correct' | 'detect';
      /** Seconds objects may stay unhealthy after an apply before the target fails; default 600. */
      progressDeadlineSeconds?: number;
      /** The Prometheus of this environment's cluster, for its Canaries' metrics; default slipway.canary.prometheus. */
      prometheus?: {
        /** Base URL of the Prometheus HTTP API. */
        url: string;
      };
      /** How a version promoted into this environment reaches Git. */
      promotion?: {
        /**
         * `pull-request` (default): a branch and a pull request to review (on a Git server
         * that is not GitHub, a branch to merge there). `commit`: straight onto the branch.
         */
        mode: 'commit' | 'pull-request';
      };
    }>;
    /**
     * Seconds a replica's claim on a target or Canary lasts; renewed while the
     * work runs. A replica that dies holds its work at most this long; default 30.
     */
    leaseSeconds?: number;
    /** How the backend runs reconciliation. */
    reconcile?: {
      /** Reconciles running at once per cluster, per backend replica; default 8. */
      concurrencyPerCluster?: number;
      /** Path of the kustomize binary; default `kustomize` on PATH. */
      kustomizePath?: string;
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
      prometheus?: {
        /** Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090 */
        url: string;
      };
      /** CloudWatch, for metrics with `provider: { type: cloudwatch }`; credentials from the AWS SDK's default chain. */
      cloudwatch?: {
        /** The region of metrics that do not name one, e.g. eu-west-1. */
        region?: string;
      };
    };
    /** Push webhooks that make targets of a repository reconcile at once. */
    webhooks?: {
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
