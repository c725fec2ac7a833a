import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { slipwayCanaryExtensionPoint } from '@slipway/backstage-plugin-slipway-node';
import { datadogMetrics } from './datadogMetrics';

/**
 * Adds Datadog as a metric provider of Slipway's canary analysis.
 *
 * @public
 */
export const slipwayModuleDatadog = createBackendModule({
  pluginId: 'slipway',
  moduleId: 'datadog',
  register(reg) {
    reg.registerInit({
      deps: {
        canary: slipwayCanaryExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ canary, config }) {
        canary.addMetricProvider(datadogMetrics(config));
      },
    });
  },
});
