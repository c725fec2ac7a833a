import { remoteChartsFromConfig } from './controller/remoteChartsFromConfig';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  ConfigRepoWriter,
  gitCredentialsFor,
  promoteService,
  readSlipwayEnvironments,
  slipwayCanaryExtensionPoint,
} from '@slipway/backstage-plugin-slipway-node';
import { slipwayPermissions } from '@slipway/backstage-plugin-slipway-common';
import {
  GitRepositoryCache,
  MetricProviderFactory,
  RouterFactory,
  routerFactories,
} from '@slipway/engine';
import os from 'node:os';
import path from 'node:path';
import { CanaryController } from './canary/CanaryController';
import { metricProvidersFromConfig } from './canary/metricProviders';
import { ClusterConnections } from './clusters/ClusterConnections';
import { DeliveryController } from './controller/DeliveryController';
import { targetsFromCatalog } from './controller/targetsFromCatalog';

import { ImageAutomationController } from './imageAutomation/ImageAutomationController';
import { imageAutomationFromConfig } from './imageAutomation/imageAutomationFromConfig';
import { locatedClustersServiceRef } from './kubernetesClusters/locatedClusters';
import { LiveUpdates } from './live/LiveUpdates';
import { DeliveryMetrics } from './metrics/DeliveryMetrics';
import { registerDoraMetrics } from './metrics/doraMetrics';
import { createRouter } from './router';
import { readBackendConfig } from './config/backendConfig';
import { openStores } from './store/openStores';
import { parsePush } from './webhooks/githubPush';
import { revertFailedRun } from './canary/revertFailedRun';

/**
 * Slipway's backend plugin: hosts the delivery engine and its REST API.
 *
 * @public
 */
export const slipwayPlugin = createBackendPlugin({
  pluginId: 'slipway',
  register(env) {
    const addedRouters: Array<[string, RouterFactory]> = [];
    const addedMetricProviders: MetricProviderFactory[] = [];
    env.registerExtensionPoint(slipwayCanaryExtensionPoint, {
      addRouter: (provider, factory) => addedRouters.push([provider, factory]),
      addMetricProvider: factory => addedMetricProviders.push(factory),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        located: locatedClustersServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const environments = readSlipwayEnvironments(config);
        logger.info(
          `Slipway environments: ${
            environments
              .map(e => `${e.name} (cluster ${e.cluster})`)
              .join(', ') || 'none configured (app-config slipway.environments)'
          }`,
        );
        deps.permissionsRegistry.addPermissions(slipwayPermissions);

        const settings = readBackendConfig(config);
        const stores = await openStores(deps.database, {
          releaseRetentionMs: settings.releaseRetentionMs,
        });
        const store = stores.delivery;
        const metrics = new DeliveryMetrics(() => store.countDue(Date.now()));
        registerDoraMetrics(metrics.registry, store, stores.releases);
        const { reconcile } = settings;
        const replica = `${os.hostname()}-${process.pid}-${Math.random()
          .toString(36)
          .slice(2, 8)}`;
        const clusters = ClusterConnections.fromConfig(config, {
          logger,
          // The kubernetes backend's locators, when its Slipway module is installed.
          locate: async () => {
            const supplier = await deps.located.supplier();
            return supplier
              ? supplier.getClusters({
                  credentials: await deps.auth.getOwnServiceCredentials(),
                })
              : [];
          },
        });
        const { leaseMs } = settings;
        const workDir =
          reconcile.workDir ?? path.join(os.tmpdir(), `slipway-${replica}`);
        const git = new GitRepositoryCache(workDir, {
          timeoutMs: reconcile.gitTimeoutMs,
        });
        const credentialsFor = gitCredentialsFor(
          config,
          environments.map(e => e.repository),
        );
        // Every render of a service directory uses the same tools: reconcile, promotion, image automation.
        const tools = {
          kustomize: reconcile.kustomizePath,
          helm: reconcile.helmPath,
          charts: remoteChartsFromConfig(config, workDir),
        };
        const maskSalt = await store.maskSalt();
        const writer = ConfigRepoWriter.fromConfig(config, { workDir });
        // The tabs read again when told (Backstage signals) instead of polling.
        const live = new LiveUpdates(deps.signals, logger);
        deps.lifecycle.addShutdownHook(() => live.stop());
        const controller = new DeliveryController({
          live,
          leaseMs,
          store,
          metrics,
          logger,
          replica,
          clusters,
          git,
          credentialsFor,
          concurrencyPerCluster: reconcile.concurrencyPerCluster,
          ...tools,
          maskSalt,
          releases: stores.releases,
        });

        // A replica with reconcile.enabled false serves the API and records pushes, nothing more.
        const reconciling = reconcile.enabled;
        const onPush = async (push: {
          repositories: string[];
          branch: string;
        }) => {
          const count = await store.requestSync(
            { repository: push.repositories, branch: push.branch },
            'webhook',
            Date.now(),
          );
          logger.info(
            `Push to ${push.repositories[0]} ${push.branch}: ${count} targets due now`,
          );
          if (reconciling) {
            await controller.tick();
          }
          return count;
        };
        // Pushes that reach Backstage through its events service (the events
        // backend's GitHub module): only when that module checks their signatures.
        if (settings.verifiedEventPushes) {
          await deps.events.subscribe({
            id: 'slipway-github-push',
            topics: ['github.push'],
            onEvent: async ({ eventPayload }) => {
              const push = parsePush(eventPayload);
              if (push) {
                await onPush(push);
              }
            },
          });
        } else {
          logger.info(
            'GitHub pushes from the events service are ignored: set events.modules.github.webhookSecret so the events backend verifies their signatures',
          );
        }

        if (reconciling) {
          await scheduler.scheduleTask({
            id: 'slipway-catalog-targets',
            scope: 'global',
            frequency: { milliseconds: settings.catalogRefreshMs },
            timeout: { minutes: 5 },
            fn: async () => {
              const catalogTargets = await targetsFromCatalog({
                ...deps,
                environments,
              });
              const now = Date.now();
              const { conflicts } = await store.syncCatalog({
                ...catalogTargets,
                now,
              });
              for (const c of conflicts.filter(n => n.since === now)) {
                logger.warn(
                  `Not delivering ${c.targetId}: ${c.reason} belongs to ${c.heldBy.entityRef}`,
                );
              }
            },
          });
          await scheduler.scheduleTask({
            id: `slipway-reconcile-${replica}`,
            scope: 'local',
            frequency: { seconds: 1 },
            timeout: { minutes: 1 },
            fn: async () => {
              await controller.tick();
            },
          });
          deps.lifecycle.addShutdownHook(() => controller.stop());
        }

        const imageAutomation = imageAutomationFromConfig(config);
        const automationStore = stores.imageAutomation;
        if (reconciling && imageAutomation.enabled) {
          const automation = new ImageAutomationController({
            store,
            automation: automationStore,
            releases: stores.releases,
            git,
            credentialsFor,
            writer,
            tools,
            registries: imageAutomation.registries,
            intervalMs: imageAutomation.intervalMs,
            metrics,
            logger: logger.child({ component: 'image-automation' }),
          });
          // Global: with several replicas on one database, one checks registries at a time.
          await scheduler.scheduleTask({
            id: 'slipway-image-automation',
            scope: 'global',
            frequency: {
              milliseconds: Math.min(imageAutomation.intervalMs, 15_000),
            },
            timeout: { minutes: 5 },
            fn: () => automation.run(),
          });
        }

        const canaryConfig = config.getOptionalConfig('slipway.canary');
        const canaryStore = stores.canaries;
        if (settings.canary.enabled) {
          const canaries = new CanaryController({
            live,
            leaseMs,
            store: canaryStore,
            releases: stores.releases,
            onFailure: (row, status) =>
              revertFailedRun(
                {
                  environments,
                  delivery: store,
                  releases: stores.releases,
                  git,
                  writer,
                  credentialsFor,
                  auditor: deps.auditor,
                  logger,
                },
                row,
                status,
              ),
            clusters,
            logger: logger.child({ component: 'canary' }),
            metricsFor: metricProvidersFromConfig(
              canaryConfig,
              environments,
              addedMetricProviders,
            ),
            routers: routerFactories(addedRouters),
            replica,
            environments,
            concurrencyPerCluster: settings.canary.concurrencyPerCluster,
            reporting: {
              auditor: deps.auditor,
              notifications: deps.notifications,
              entityRefOf: row =>
                row.service && row.environment
                  ? store.entityRefOfService(row.service, row.environment)
                  : Promise.resolve(undefined),
            },
          });
          await scheduler.scheduleTask({
            id: 'slipway-canary-discovery',
            scope: 'global',
            frequency: { seconds: 15 },
            timeout: { minutes: 2 },
            fn: () => canaries.discover(),
          });
          await scheduler.scheduleTask({
            id: `slipway-canary-${replica}`,
            scope: 'local',
            frequency: { milliseconds: 500 },
            timeout: { minutes: 1 },
            fn: () => canaries.tick(),
          });
          deps.lifecycle.addShutdownHook(() => canaries.stop());
        }

        deps.httpRouter.addAuthPolicy({
          path: '/webhooks/github',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/metrics',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          await createRouter({
            ...deps,
            environments,
            store,
            automationStore,
            releases: stores.releases,
            restore: { git, writer, credentialsFor },
            renders: { git, credentialsFor, tools, maskSalt },
            metrics,
            onPush,
            promote: request =>
              promoteService(
                { ...request, environments },
                { git, writer, credentialsFor, ...tools },
              ),
            canaries: { store: canaryStore, clusters },
            githubWebhookSecret: settings.webhooks.githubSecret,
            webhookMaxBytes: settings.webhooks.maxBodyBytes,
          }),
        );
      },
    });
  },
});
