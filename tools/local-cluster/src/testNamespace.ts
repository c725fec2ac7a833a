import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { acquireTestCluster } from './testCluster';
import { waitFor } from './readiness';

export type TestNamespace = {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Deletes the namespace and releases the cluster. */
  release(): Promise<void>;
};

/**
 * A fresh namespace on the test cluster, so test files sharing one cluster
 * never see each other's objects. Waits for its default ServiceAccount.
 */
export async function acquireTestNamespace(
  prefix: string,
): Promise<TestNamespace> {
  const cluster = await acquireTestCluster();
  const kubeConfig = cluster.kubeConfig;
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const namespace = `${prefix}-${Date.now().toString(36)}-${Math.floor(
    Math.random() * 1e6,
  ).toString(36)}`;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  await waitFor(`serviceaccount default in ${namespace}`, async () =>
    core
      .readNamespacedServiceAccount({ name: 'default', namespace })
      .then(() => true),
  );
  return {
    kubeConfig,
    namespace,
    release: async () => {
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
      await cluster.release();
    },
  };
}
