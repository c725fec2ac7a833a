import { KubeConfig } from '@kubernetes/client-node';
import { LocalCluster } from './localCluster';

/** Set by the test runner when it started one cluster for the whole run. */
export const SHARED_KUBECONFIG_ENV = 'SLIPWAY_TEST_KUBECONFIG';

export type TestCluster = {
  kubeConfig: KubeConfig;
  kubeconfigPath: string;
  /** Stops the cluster if this test started it; a shared one stays up. */
  release(): Promise<void>;
};

/**
 * The cluster a test should use: the shared one when the test run started
 * one, otherwise a private cluster that the test must release.
 */
export async function acquireTestCluster(): Promise<TestCluster> {
  const shared = process.env[SHARED_KUBECONFIG_ENV];
  if (shared) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(shared);
    return { kubeConfig, kubeconfigPath: shared, release: async () => {} };
  }
  const cluster = await LocalCluster.start();
  return {
    kubeConfig: cluster.kubeConfig(),
    kubeconfigPath: cluster.kubeconfigPath,
    release: () => cluster.stop(),
  };
}
