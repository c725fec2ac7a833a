/*
 * A whole Backstage backend with the Slipway plugin, run as its own process
 * by ChildBackend so that a test can kill it with SIGKILL. Its catalog is
 * empty: the Canaries it runs come from the cluster, not from Git.
 */
import { createBackend } from '@backstage/backend-defaults';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { transports } from 'winston';
import { slipwayPlugin } from '../plugin';

const emptyCatalog = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () =>
    ({
      getEntities: async () => ({ items: [] }),
      getEntityByRef: async () => undefined,
    } as any),
});

/** The default logger minus the secret redaction, which would compile every config schema at boot. */
const plainLogger = createServiceFactory({
  service: coreServices.rootLogger,
  deps: {},
  factory: () =>
    WinstonLogger.create({
      meta: { service: 'backstage' },
      level: process.env.LOG_LEVEL || 'info',
      format: WinstonLogger.colorFormat(),
      transports: [new transports.Console()],
    }),
});

const backend = createBackend();
backend.add(plainLogger);
backend.add(emptyCatalog);
backend.add(slipwayPlugin);
backend.start();
