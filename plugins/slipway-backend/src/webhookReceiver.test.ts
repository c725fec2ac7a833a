import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { pushWebhook } from './__testUtils__/deliveryBackend';
import { slipwayPlugin } from './plugin';

const SECRET = 'webhook-secret';
const REPOSITORY = 'https://git.example.com/acme/config.git';

async function startBackend(extra: object = {}) {
  const events = mockServices.events.mock();
  const { server } = await startTestBackend({
    features: [
      slipwayPlugin,
      events.factory,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [{ name: 'local', url: 'https://127.0.0.1:9' }],
              },
            ],
          },
          slipway: {
            clusters: [{ name: 'local' }],
            reconcile: { enabled: false },
            canary: { enabled: false },
            imageAutomation: { enabled: false },
            environments: [
              {
                name: 'staging',
                cluster: 'local',
                repository: REPOSITORY,
                namespaces: ['staging'],
              },
            ],
            webhooks: { github: { secret: SECRET }, maxBodyBytes: 4096 },
          },
          ...extra,
        },
      }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  return { server, events };
}

/** The push receiver: replays, oversized bodies and unsigned event-service pushes get nowhere. */
describe('the webhook receiver', () => {
  it('acts on a delivery once: a replay of the same signed delivery is ignored', async () => {
    const { server } = await startBackend();
    const push = () =>
      pushWebhook(server, {
        secret: SECRET,
        repository: REPOSITORY,
        delivery: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      });
    const first = await push();
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ targets: 0 });
    const replay = await push();
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({
      ignored: 'delivery 72d3162e-cc78-11e3-81ab-4c9367dc0958 seen before',
    });
  });

  it('refuses a body over the size cap before reading it', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .post('/api/slipway/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'push')
      .send(`{"pad":"${'x'.repeat(8192)}"}`);
    expect(res.status).toBe(413);
  });

  it('takes pushes from the events service only when the events backend verifies their signatures', async () => {
    const unsigned = await startBackend();
    expect(unsigned.events.subscribe).not.toHaveBeenCalledWith(
      expect.objectContaining({ topics: ['github.push'] }),
    );
    const signed = await startBackend({
      events: { modules: { github: { webhookSecret: 'events-secret' } } },
    });
    expect(signed.events.subscribe).toHaveBeenCalledWith(
      expect.objectContaining({ topics: ['github.push'] }),
    );
  });
});
