import { LoggerService } from '@backstage/backend-plugin-api';
import type { RestoreDeps } from '@slipway/backstage-plugin-slipway-node';
import express from 'express';
import Router from 'express-promise-router';
import type { ClusterConnections } from './clusters/ClusterConnections';
import type { DeliveryMetrics } from './metrics/DeliveryMetrics';
import { canaryRoutes } from './routes/canaryRoutes';
import { deliveryRoutes } from './routes/deliveryRoutes';
import { promotionRoutes } from './routes/promotionRoutes';
import { releaseRoutes } from './routes/releaseRoutes';
import { rollbackRoutes } from './routes/rollbackRoutes';
import {
  releaseDiffRoutes,
  type RevisionRenderDeps,
} from './routes/releaseDiffRoutes';
import { freezeRoutes } from './routes/freezeRoutes';
import { holdRoutes } from './routes/holdRoutes';
import { doraRoutes } from './routes/doraRoutes';
import { RouteContext, RouteContextOptions } from './routes/RouteContext';
import { webhookRoutes } from './routes/webhookRoutes';
import type { CanaryStore } from './store/CanaryStore';
import type { ImageAutomationStore } from './store/ImageAutomationStore';
import type { ReleaseStore } from './store/ReleaseStore';
import { Promote, TargetActions } from './targets/TargetActions';

export type RouterOptions = RouteContextOptions & {
  logger: LoggerService;
  automationStore?: ImageAutomationStore;
  /** The release history, served at /entities/.../releases. */
  releases?: ReleaseStore;
  /** Git, the writer and credentials for rollbacks (with `releases`). */
  restore?: RestoreDeps;
  /** Git, credentials and kustomize for each release's diff (with `releases`). */
  renders?: RevisionRenderDeps;
  metrics: DeliveryMetrics;
  githubWebhookSecret?: string;
  /** Larger webhook bodies are refused unread (`slipway.webhooks.maxBodyBytes`). */
  webhookMaxBytes?: number;
  /** The canary engine's store and the clusters its Canaries live in; absent when it is disabled. */
  canaries?: { store: CanaryStore; clusters: ClusterConnections };
  /** Writes the Git change of a promotion (promoteService with the backend's Git cache and writer). */
  promote?: Promote;
  /** Makes the targets of a pushed repository and branch due now. */
  onPush: (push: { repositories: string[]; branch: string }) => Promise<number>;
};

/**
 * Slipway's REST API, one module per concern: webhooks and metrics,
 * delivery, canaries, releases, promotion. Every route that acts checks one Slipway
 * permission through RouteContext.requirePermission, then leaves the rules
 * of the act to TargetActions.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  webhookRoutes(router, {
    ...options,
    firstDelivery: id => options.store.firstDelivery(id, Date.now()),
  });
  router.use(express.json());
  const ctx = new RouteContext(
    options,
    new TargetActions(options.store, options.promote, options.releases),
  );
  deliveryRoutes(router, ctx, {
    ...options,
    canaryStore: options.canaries?.store,
  });
  if (options.canaries) {
    canaryRoutes(router, ctx, options.canaries);
  } else {
    router.get('/entities/:kind/:namespace/:name/canaries', (_req, res) => {
      res.json({ items: [] });
    });
  }
  if (options.releases) {
    releaseRoutes(router, ctx, options.releases);
    holdRoutes(router, ctx, options.releases);
    doraRoutes(router, ctx, options.releases);
    if (options.renders) {
      releaseDiffRoutes(router, ctx, options.releases, options.renders);
    }
    if (options.restore) {
      rollbackRoutes(router, ctx, options.releases, {
        ...options.restore,
        canaries: options.canaries,
      });
    }
  }
  promotionRoutes(router, ctx);
  freezeRoutes(router, ctx);
  return router;
}
