import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MetricProviderFactory, RouterFactory } from '@slipway/engine';

/**
 * What a backend module adds to Slipway's canaries: a router for another
 * traffic provider (`spec.provider`) or a metric provider for another
 * metrics backend (`spec.analysis.metrics[].provider.type`).
 *
 * @public
 */
export interface SlipwayCanaryExtensionPoint {
  /**
   * Routes Canaries whose `spec.provider` is `provider`; a name already
   * taken (a built-in one: kubernetes, gatewayapi, appmesh) is refused
   * when the backend starts.
   */
  addRouter(provider: string, factory: RouterFactory): void;
  /** Reads metrics whose `provider.type` is the factory's type (prometheus and cloudwatch are built in). */
  addMetricProvider(factory: MetricProviderFactory): void;
}

/**
 * The extension point of the Slipway backend plugin for canary routers
 * and metric providers.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'slipway',
 *   moduleId: 'datadog-metrics',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { canary: slipwayCanaryExtensionPoint },
 *       async init({ canary }) {
 *         canary.addMetricProvider(myDatadogFactory);
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const slipwayCanaryExtensionPoint =
  createExtensionPoint<SlipwayCanaryExtensionPoint>({ id: 'slipway.canary' });
