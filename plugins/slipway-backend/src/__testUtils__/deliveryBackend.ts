import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  serviceEntity,
  slipwayAppConfig,
  SlipwayTestConfig,
  waitFor,
} from '@slipway/local-cluster';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { slipwayPlugin } from '../plugin';

export {
  clusterConfig,
  engineClusterConfig,
  engineCredentials,
} from '@slipway/local-cluster';

export const component = (
  name: string,
  environments: string,
  owner?: string,
): Entity => serviceEntity(name, environments, owner);

/** The Slipway backend plugin with a real scheduler and database, reconciling a real cluster. */
export async function startDeliveryBackend(
  options: SlipwayTestConfig & {
    entities: Entity[];
    extraFeatures?: ServiceFactory[];
    /** The catalog, when the test changes it: see mutableCatalog. */
    catalog?: ServiceFactory;
  },
) {
  return startTestBackend({
    features: [
      slipwayPlugin,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({ data: slipwayAppConfig(options) }),
      options.catalog ??
        catalogServiceMock.factory({ entities: options.entities }),
      ...(options.extraFeatures ?? []),
    ],
  });
}

/**
 * A catalog whose entities the test changes while the backend runs: each
 * call reads the list as it is then. Users in `hiddenFrom` read none of
 * them, as with a catalog permission policy that denies them.
 */
export function mutableCatalog(
  entities: Entity[],
  options: { hiddenFrom?: string[] } = {},
) {
  const current = () => catalogServiceMock({ entities });
  const hidden = (args: unknown[]) =>
    args.some(a =>
      options.hiddenFrom?.includes(
        (a as any)?.credentials?.principal?.userEntityRef,
      ),
    );
  const service = new Proxy({} as ReturnType<typeof catalogServiceMock>, {
    // Only the client's own methods: `then` must stay undefined, or it looks like a promise.
    get: (_target, method) =>
      typeof (current() as any)[method] === 'function'
        ? (...args: unknown[]) =>
            method === 'getEntityByRef' && hidden(args)
              ? Promise.resolve(undefined)
              : (current() as any)[method](...args)
        : undefined,
  });
  return {
    entities,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => service,
    }),
  };
}

/** A permission service that allows everything to `user` and nothing to anyone else. */
export const allowedOnlyTo = (user: string) =>
  mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(() => ({
        result:
          (credentials.principal as any).userEntityRef === user
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  });

/** POSTs a GitHub push event for `repository` and `branch`, signed as GitHub signs it. */
export function pushWebhook(
  server: Parameters<typeof request>[0],
  options: {
    secret: string;
    repository: string;
    branch?: string;
    /** X-GitHub-Delivery: GitHub's id of this delivery. */
    delivery?: string;
  },
) {
  const body = JSON.stringify({
    ref: `refs/heads/${options.branch ?? 'main'}`,
    repository: { clone_url: options.repository },
  });
  const signature = createHmac('sha256', options.secret)
    .update(body)
    .digest('hex');
  return request(server)
    .post('/api/slipway/webhooks/github')
    .set('content-type', 'application/json')
    .set('x-github-event', 'push')
    .set('x-hub-signature-256', `sha256=${signature}`)
    .set(options.delivery ? { 'x-github-delivery': options.delivery } : {})
    .send(body);
}

/** The local cluster's waitFor, for checks that answer `false` while not there yet. */
export function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return waitFor(what, async () => (await check()) || undefined, timeoutMs);
}
