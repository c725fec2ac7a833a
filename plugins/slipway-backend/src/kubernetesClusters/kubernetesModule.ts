import { createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesClusterSupplierExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { locatedClustersServiceRef } from './locatedClusters';

/**
 * A module for the kubernetes backend that lends Slipway its cluster
 * supplier, unchanged: clusters from every locator it supports (config,
 * catalog, gke, localKubectlProxy) reach Slipway as the Kubernetes tab sees
 * them, URL, CA and auth metadata included. Slipway still signs in with its
 * own identity (`slipway.clusters`).
 *
 * @public
 */
export const kubernetesModuleSlipwayClusters = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'slipway-clusters',
  register(env) {
    env.registerInit({
      deps: {
        suppliers: kubernetesClusterSupplierExtensionPoint,
        located: locatedClustersServiceRef,
      },
      async init({ suppliers, located }) {
        suppliers.addClusterSupplier(async ({ getDefault }) => {
          const supplier = await getDefault();
          located.offer(supplier);
          return supplier;
        });
      },
    });
  },
});
