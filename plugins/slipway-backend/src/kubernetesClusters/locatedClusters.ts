import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';

/**
 * The kubernetes backend's own cluster supplier (every locator it has:
 * config, catalog, gke, localKubectlProxy, with their auth metadata and
 * checks), handed to Slipway by the kubernetes module of this package.
 */
export interface LocatedClusters {
  /** Called by the module, with the kubernetes backend's supplier. */
  offer(supplier: KubernetesClustersSupplier): void;
  /**
   * The supplier, or undefined once the backend started without the module.
   * It waits for the backend to start: never await it inside a plugin's init.
   */
  supplier(): Promise<KubernetesClustersSupplier | undefined>;
}

/** One per backend: the kubernetes plugin's module and Slipway's plugin meet here. */
export const locatedClustersServiceRef = createServiceRef<LocatedClusters>({
  id: 'slipway.located-clusters',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { lifecycle: coreServices.rootLifecycle },
      factory({ lifecycle }) {
        let offer: (supplier?: KubernetesClustersSupplier) => void = () => {};
        const offered = new Promise<KubernetesClustersSupplier | undefined>(
          resolve => {
            offer = resolve;
          },
        );
        // Every plugin and module has started by then: no module, no offer.
        lifecycle.addStartupHook(() => offer(undefined));
        return {
          offer: supplier => offer(supplier),
          supplier: () => offered,
        };
      },
    }),
});
