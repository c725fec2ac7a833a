import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { ClusterConnections } from './clusters/ClusterConnections';
import type { DeliveryMetrics } from './metrics/DeliveryMetrics';
import { canaryRoutes } from './routes/canaryRoutes';
import { deliveryRoutes } from './routes/deliveryRoutes';
import { Promote, promotionRoutes } from './routes/promotionRoutes';
import { RouteContext, RouteContextOptions } from './routes/RouteContext';
import { webhookRoutes } from './routes/webhookRoutes';
import type { CanaryStore } from './store/CanaryStore';
import type { ImageAutomationStore } from './store/ImageAutomationStore';

export type RouterOptions = RouteContextOptions & {
  logger: LoggerService;
  automationStore?: ImageAutomationStore;
  metrics: DeliveryMetrics;
  githubWebhookSecret?: string;
  /** The canary engine's store and the clusters its Canaries live in; absent when it is disabled. */
  canaries?: { store: CanaryStore; clusters: ClusterConnections };
  /** Writes the Git change of a promotion (promoteService with the backend's Git cache and writer). */
  promote?: Promote;
  /** Makes the targets of a pushed repository and branch due now. */
  onPush: (push: { repositories: string[]; branch: string }) => Promise<number>;
};

/**
 * Slipway's REST API, one module per concern: webhooks and metrics,
 * delivery, canaries, promotion. Every route that acts checks one Slipway
 * permission through RouteContext.requirePermission.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  webhookRoutes(router, options);
  router.use(express.json());
  const ctx = new RouteContext(options);
  deliveryRoutes(router, ctx, options);
  if (options.canaries) {
    canaryRoutes(router, ctx, options.canaries);
  } else {
    router.get('/entities/:kind/:namespace/:name/canaries', (_req, res) => {
      res.json({ items: [] });
    });
  }
  if (options.promote) {
    promotionRoutes(router, ctx, options.promote);
  } else {
    router.post(
      '/entities/:kind/:namespace/:name/environments/:environment/promote',
      () => {
        throw new NotFoundError('Promotion is not available on this backend');
      },
    );
  }
  return router;
}
