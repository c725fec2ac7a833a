import { NotFoundError } from '@backstage/errors';
import express from 'express';
import type { DeliveryMetrics } from '../metrics/DeliveryMetrics';
import { parsePush, verifyGithubSignature } from '../webhooks/githubPush';

export const DEFAULT_WEBHOOK_MAX_BYTES = 5 * 1024 * 1024;

/** Unauthenticated routes: signed GitHub push webhooks, and Prometheus metrics. */
export function webhookRoutes(
  router: express.Router,
  options: {
    githubWebhookSecret?: string;
    /** Larger webhook bodies are refused (413) unread; default 5 MiB. */
    webhookMaxBytes?: number;
    /** False when this delivery id was acted on before. */
    firstDelivery: (id: string) => Promise<boolean>;
    metrics: DeliveryMetrics;
    /** Makes the targets of a pushed repository and branch due now. */
    onPush: (push: {
      repositories: string[];
      branch: string;
    }) => Promise<number>;
  },
) {
  router.post(
    '/webhooks/github',
    express.raw({
      type: '*/*',
      limit: options.webhookMaxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES,
    }),
    async (req, res) => {
      if (!options.githubWebhookSecret) {
        throw new NotFoundError(
          'GitHub webhooks are off: set slipway.webhooks.github.secret',
        );
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (
        !verifyGithubSignature(
          body,
          req.header('x-hub-signature-256'),
          options.githubWebhookSecret,
        )
      ) {
        res.status(401).json({ error: 'signature does not match' });
        return;
      }
      const event = req.header('x-github-event');
      if (event !== 'push') {
        res.status(202).json({ ignored: event ?? 'no event type' });
        return;
      }
      const delivery = req.header('x-github-delivery');
      if (delivery && !(await options.firstDelivery(delivery))) {
        res.status(202).json({ ignored: `delivery ${delivery} seen before` });
        return;
      }
      const push = parsePush(JSON.parse(body.toString('utf8')));
      const targets = push ? await options.onPush(push) : 0;
      res.status(202).json({ targets });
    },
  );

  router.get('/metrics', async (_req, res) => {
    res
      .type(options.metrics.registry.contentType)
      .send(await options.metrics.registry.metrics());
  });
}
