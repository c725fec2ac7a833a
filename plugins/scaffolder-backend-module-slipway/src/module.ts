import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  ConfigRepoWriter,
  gitCredentialsFor,
  promoteService,
  readSlipwayEnvironments,
} from '@slipway/backstage-plugin-slipway-node';
import { GitRepositoryCache } from '@slipway/engine';
import os from 'node:os';
import path from 'node:path';
import { createCatalogAnnotationsAction } from './actions/catalogAnnotations';
import { createConfigRepoPullRequestAction } from './actions/configRepoPullRequest';
import { createManifestsAction } from './actions/createManifests';
import { createPromoteAction } from './actions/promote';

/** Registers Slipway's scaffolder actions. */
export const scaffolderModule = createBackendModule({
  moduleId: 'slipway',
  pluginId: 'scaffolder',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, catalog, scaffolderActions }) {
        const environments = readSlipwayEnvironments(config);
        const workDir = path.join(
          config.getOptionalString('slipway.reconcile.workDir') ?? os.tmpdir(),
          'scaffolder',
        );
        const writer = ConfigRepoWriter.fromConfig(config, { workDir });
        const credentialsFor = gitCredentialsFor(config);
        const git = new GitRepositoryCache(workDir);
        const kustomize =
          config.getOptionalString('slipway.reconcile.kustomizePath') ??
          'kustomize';
        scaffolderActions.addActions(
          createCatalogAnnotationsAction({ environments }),
          createManifestsAction({ environments }),
          createConfigRepoPullRequestAction({ environments, writer }),
          createPromoteAction({
            environments,
            getEntity: (ref, credentials) =>
              catalog.getEntityByRef(ref, { credentials }),
            promote: request =>
              promoteService(
                { ...request, environments },
                { git, writer, credentialsFor, kustomize },
              ),
          }),
        );
      },
    });
  },
});
