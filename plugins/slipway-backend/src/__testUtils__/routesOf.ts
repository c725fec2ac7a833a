import { mockServices } from '@backstage/backend-test-utils';
import { createRouter } from '../router';

/**
 * Every route of Slipway's REST API as `METHOD /path`, read from the router
 * itself, so a test that must cover them all notices a new one.
 */
export async function routesOf(): Promise<string[]> {
  const stub = {} as any;
  const router = await createRouter({
    httpAuth: mockServices.httpAuth.mock(),
    catalog: stub,
    permissions: mockServices.permissions.mock(),
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    environments: [],
    store: stub,
    metrics: stub,
    onPush: async () => 0,
    canaries: { store: stub, clusters: stub },
    promote: async () => stub,
    releases: stub,
    restore: stub,
    renders: stub,
  });
  return (router as any).stack
    .filter((layer: any) => layer.route)
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(
        method => `${method.toUpperCase()} ${layer.route.path}`,
      ),
    );
}
