/*
 * The benchmark's backend: a real Backstage backend with the Slipway plugin,
 * SQLite on disk and a catalog holding the generated services. Started by
 * index.ts as a child process so its peak RSS is its own.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { loadConfigSchema } from '@backstage/config-loader';
import fs from 'node:fs';
import path from 'node:path';
import { transports } from 'winston';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { serviceName } from './manifests';

const count = Number(process.env.SLIPWAY_BENCH_SERVICES);
const environment = process.env.SLIPWAY_BENCH_ENVIRONMENT!;

const entities = Array.from({ length: count }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: serviceName(i),
    namespace: 'default',
    annotations: { 'slipway.io/environments': environment },
  },
  spec: {
    type: 'service',
    owner: 'group:default/bench',
    lifecycle: 'production',
  },
}));

/** Just what Slipway asks of the catalog: the annotated Components. */
const benchCatalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () =>
    ({
      getEntities: async () => ({ items: entities }),
      getEntityByRef: async (ref: any) =>
        entities.find(
          e =>
            e.metadata.name ===
            (typeof ref === 'string' ? ref.split('/').pop() : ref.name),
        ),
    } as any),
});

/**
 * The default root logger, given the schema compiled by buildBackend to
 * find the secrets it redacts, as a deployed backend's packages give theirs.
 */
const rootLogger = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const logger = WinstonLogger.create({
      meta: { service: 'backstage' },
      level: process.env.LOG_LEVEL || 'info',
      format: WinstonLogger.colorFormat(),
      transports: [new transports.Console()],
    });
    const schema = await loadConfigSchema({
      serialized: JSON.parse(
        fs.readFileSync(path.join(__dirname, 'config-schema.json'), 'utf8'),
      ),
    });
    const secrets = await createConfigSecretEnumerator({ logger, schema });
    logger.addRedactions(secrets(config));
    return logger;
  },
});

const backend = createBackend();
backend.add(rootLogger);
backend.add(benchCatalog);
backend.add(import('@slipway/backstage-plugin-slipway-backend'));
backend.start();
