import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readSlipwayEnvironments } from '@slipway/backstage-plugin-slipway-node';
import { createRouter } from './router';

/**
 * Slipway's backend plugin: hosts the delivery engine and its REST API.
 *
 * @public
 */
export const slipwayPlugin = createBackendPlugin({
  pluginId: 'slipway',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, catalog }) {
        const environments = readSlipwayEnvironments(config);
        logger.info(
          `Slipway environments: ${
            environments
              .map(e => `${e.name} (cluster ${e.cluster})`)
              .join(', ') || 'none configured (app-config slipway.environments)'
          }`,
        );
        httpRouter.use(await createRouter({ httpAuth, catalog, environments }));
      },
    });
  },
});
