import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  ConfigRepoWriter,
  readSlipwayEnvironments,
} from '@slipway/backstage-plugin-slipway-node';
import os from 'node:os';
import path from 'node:path';
import { createCatalogAnnotationsAction } from './actions/catalogAnnotations';
import { createConfigRepoPullRequestAction } from './actions/configRepoPullRequest';
import { createManifestsAction } from './actions/createManifests';
import { createPromoteAction } from './actions/promote';
import { promoteThroughSlipway } from './slipwayBackend';

/**
 * Registers Slipway's scaffolder actions.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  moduleId: 'slipway',
  pluginId: 'scaffolder',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({
        config,
        discovery,
        auth,
        permissions,
        auditor,
        scaffolderActions,
      }) {
        const environments = readSlipwayEnvironments(config);
        const workDir = path.join(
          config.getOptionalString('slipway.reconcile.workDir') ?? os.tmpdir(),
          'scaffolder',
        );
        const writer = ConfigRepoWriter.fromConfig(config, { workDir });
        scaffolderActions.addActions(
          createCatalogAnnotationsAction({ environments }),
          createManifestsAction({ environments }),
          createConfigRepoPullRequestAction({
            environments,
            writer,
            permissions,
            auditor,
          }),
          createPromoteAction({
            promote: promoteThroughSlipway({ discovery, auth }),
          }),
        );
      },
    });
  },
});
