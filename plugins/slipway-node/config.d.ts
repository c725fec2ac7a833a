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
    }>;
  };
}
