import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { slipwayPlugin } from './plugin';

const component = (name: string, annotations?: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const config = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [{ name: 'local', url: 'https://127.0.0.1:6443' }],
      },
    ],
  },
  slipway: {
    clusters: [{ name: 'local' }],
    environments: [
      {
        name: 'staging',
        cluster: 'local',
        repository: 'file:///srv/config',
        namespaces: ['staging'],
      },
      {
        name: 'production',
        cluster: 'local',
        repository: 'file:///srv/config',
        namespaces: ['production'],
        branch: 'release',
      },
    ],
  },
};

async function startBackend() {
  const { server } = await startTestBackend({
    features: [
      slipwayPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({
        entities: [
          component('checkout', {
            'slipway.io/environments': 'production,staging',
          }),
          component('legacy'),
          component('typo', { 'slipway.io/environments': 'staging,qa' }),
        ],
      }),
    ],
  });
  return server;
}

describe('slipway backend', () => {
  it('lists the configured environments in promotion order', async () => {
    const res = await request(await startBackend()).get(
      '/api/slipway/environments',
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { name: string }) => e.name)).toEqual([
      'staging',
      'production',
    ]);
  });

  it("gives an entity's delivery targets in promotion order", async () => {
    const res = await request(await startBackend()).get(
      '/api/slipway/entities/component/default/checkout/targets',
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        service: 'checkout',
        environment: 'staging',
        cluster: 'local',
        repository: 'file:///srv/config',
        branch: 'main',
        path: 'clusters/staging/checkout',
      },
      {
        service: 'checkout',
        environment: 'production',
        cluster: 'local',
        repository: 'file:///srv/config',
        branch: 'release',
        path: 'clusters/production/checkout',
      },
    ]);
  });

  it('says which annotation is missing', async () => {
    const res = await request(await startBackend()).get(
      '/api/slipway/entities/component/default/legacy/targets',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('slipway.io/environments');
  });

  it('names an environment that app-config does not define', async () => {
    const res = await request(await startBackend()).get(
      '/api/slipway/entities/component/default/typo/targets',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'names qa, which app-config slipway.environments does not define',
    );
  });

  it('answers 404 for an unknown entity', async () => {
    const res = await request(await startBackend()).get(
      '/api/slipway/entities/component/default/nope/targets',
    );
    expect(res.status).toBe(404);
  });
});
