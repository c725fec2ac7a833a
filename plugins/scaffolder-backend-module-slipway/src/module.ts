import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readSlipwayEnvironments } from '@slipway/backstage-plugin-slipway-node';
import { createCatalogAnnotationsAction } from './actions/catalogAnnotations';

/** Registers Slipway's scaffolder actions. */
export const scaffolderModule = createBackendModule({
  moduleId: 'slipway',
  pluginId: 'scaffolder',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, scaffolderActions }) {
        const environments = readSlipwayEnvironments(config);
        scaffolderActions.addActions(
          createCatalogAnnotationsAction({ environments }),
        );
      },
    });
  },
});
