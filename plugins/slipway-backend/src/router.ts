import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { deliveryTargetsOf } from './deliveryTargets';

const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  environments: SlipwayEnvironment[];
}): Promise<express.Router> {
  const { httpAuth, catalog, environments } = options;
  const router = Router();
  router.use(express.json());

  router.get('/environments', async (_req, res) => {
    res.json({ items: environments });
  });

  router.get('/entities/:kind/:namespace/:name/targets', async (req, res) => {
    const ref = entityParams.parse(req.params);
    const credentials = await httpAuth.credentials(req);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(ref)} in the catalog`,
      );
    }
    res.json({ items: deliveryTargetsOf(entity, environments) });
  });

  return router;
}
