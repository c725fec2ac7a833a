import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import { acquireTestNamespace, TestNamespace } from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  allowedOnlyTo,
  component,
  engineClusterConfig,
  eventually,
  pushWebhook,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';

jest.setTimeout(240_000);

const OWNER = 'user:default/ada';
const OTHER = 'user:default/mallory';
const SECRET = 'webhook-secret';
/** Long enough for the steps inside the window on a busy runner, short enough to wait out. */
const WINDOW_SECONDS = 60;
const CART: [string, string] = ['cart', 'weekend'];
const SHOP: [string, string] = ['shop', 'production'];

/** A cron expression (with seconds) that starts a window at `at`, in UTC. */
const cronAt = (at: Date) =>
  `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;

/**
 * Freezes end to end: a window of the environment from app-config and a
 * person's Freeze now hold new revisions back while drift is still
 * corrected; break-glass applies one revision, audited.
 */
describe('freezes through the backend plugin', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let work: string;
  let repo: ReturnType<typeof createTestRepository>;
  let server: any;
  let stop: () => Promise<void>;
  let windowEnds: number;
  const auditor = mockServices.auditor.mock();

  const configMap = (name: string, value: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;
  const commit = (service: string, env: string, value: string) =>
    repo.commit(
      {
        [`clusters/${env}/${service}/a.yaml`]: configMap(
          `${service}-${env}`,
          value,
        ),
      },
      `${service} ${value}`,
    );
  const liveValue = async ([service, env]: [string, string]) =>
    (
      await kc
        .makeApiClient(CoreV1Api)
        .readNamespacedConfigMap({ name: `${service}-${env}`, namespace })
    ).data?.value;
  const api = (service: string) =>
    `/api/slipway/entities/component/default/${service}`;
  const as = (user: string) => mockCredentials.user.header(user);
  const delivery = async (service: string, env: string) => {
    const res = await request(server)
      .get(`${api(service)}/delivery`)
      .set('authorization', as(OWNER));
    expect(res.status).toBe(200);
    return res.body.items.find((i: any) => i.environment === env);
  };
  const rowWhere = (
    [service, env]: [string, string],
    what: string,
    test: (row: any) => any,
  ) =>
    eventually(
      `${service} in ${env}: ${what}`,
      async () => {
        const row = await delivery(service, env);
        return test(row) ? row : undefined;
      },
      90_000,
    );
  const post = (service: string, env: string, action: string, body: object) =>
    request(server)
      .post(`${api(service)}/environments/${env}/${action}`)
      .set('authorization', as(OWNER))
      .send(body);
  const push = () =>
    pushWebhook(server, { secret: SECRET, repository: `file://${repo.dir}` });

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('freeze');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-freeze-'));
    repo = createTestRepository(path.join(work, 'config'));
    commit('cart', 'weekend', '1');
    commit('shop', 'staging', '1');
    commit('shop', 'production', '1');
    const env = (name: string, extra: object = {}) => ({
      name,
      cluster: 'local',
      repository: repo.dir,
      namespaces: [namespace],
      interval: 2,
      ...extra,
    });
    // Cron names whole seconds.
    const windowStarts = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    windowEnds = windowStarts.getTime() + WINDOW_SECONDS * 1000;
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [namespace]),
      environments: [
        env('staging'),
        env('weekend', {
          freezeWindows: [
            {
              name: 'test weekend',
              start: cronAt(windowStarts),
              duration: `${WINDOW_SECONDS}s`,
            },
          ],
        }),
        env('production', { promotion: { mode: 'commit' } }),
      ],
      entities: [
        component('cart', 'weekend'),
        component('shop', 'staging,production'),
      ],
      webhookSecret: SECRET,
      extraFeatures: [auditor.factory, allowedOnlyTo(OWNER).factory],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop?.();
    await testNamespace?.release();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds a new commit for the window, corrects drift meanwhile, applies one revision by break-glass with an audit event, and the rest when the window ends', async () => {
    const first = repo.git('rev-parse', 'HEAD');
    // Nothing applied yet is not held: the first apply goes through.
    await rowWhere(CART, 'first apply', r => r.lastAppliedRevision === first);

    const second = commit('cart', 'weekend', '2');
    await push();
    const held = await rowWhere(
      CART,
      'the second commit waits',
      r => r.freeze?.waiting?.revision === second,
    );
    expect(held.lastAppliedRevision).toBe(first);
    expect(held.freeze).toMatchObject({
      kind: 'window',
      reason: 'test weekend',
      until: new Date(windowEnds).toISOString(),
      waiting: { revision: second, message: 'cart 2' },
    });
    expect(await liveValue(CART)).toBe('1');

    // Drift is still corrected while frozen.
    await kc.makeApiClient(CoreV1Api).patchNamespacedConfigMap({
      name: 'cart-weekend',
      namespace,
      fieldManager: 'kubectl-edit',
      body: [{ op: 'replace', path: '/data/value', value: 'by hand' }],
    });
    await eventually('drift corrected', async () =>
      (await liveValue(CART)) === '1' ? true : undefined,
    );

    // Break-glass names the revision the person saw; only its own permission lets it.
    const mallory = await request(server)
      .post(`${api('cart')}/environments/weekend/break-glass`)
      .set('authorization', as(OTHER))
      .send({ revision: second, reason: 'hotfix' });
    expect(mallory.status).toBe(403);
    const stale = await post('cart', 'weekend', 'break-glass', {
      revision: first,
      reason: 'hotfix',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/waits in weekend now, not/);
    const broken = await post('cart', 'weekend', 'break-glass', {
      revision: second,
      reason: 'hotfix for INC-7',
    });
    expect(broken.status).toBe(202);
    await rowWhere(CART, 'break-glass applied', r =>
      r.lastAppliedRevision === second ? r : undefined,
    );
    expect(await liveValue(CART)).toBe('2');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-break-glass',
        meta: expect.objectContaining({
          entityRef: 'component:default/cart',
          environment: 'weekend',
          revision: second,
          reason: 'hotfix for INC-7',
        }),
      }),
    );

    // The freeze goes on: the next commit waits again, until the window ends.
    const third = commit('cart', 'weekend', '3');
    await push();
    await rowWhere(
      CART,
      'the third commit waits',
      r => r.freeze?.waiting?.revision === third,
    );
    expect(Date.now()).toBeLessThan(windowEnds);
    const thawed = await rowWhere(
      CART,
      'applied once the window ended',
      r => r.lastAppliedRevision === third,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(windowEnds);
    expect(thawed.freeze).toBeNull();
    expect(await liveValue(CART)).toBe('3');
  });

  it('Freeze now holds commits and promotions until the owner unfreezes, and says who froze it and why', async () => {
    const first = repo.git('rev-parse', 'HEAD');
    await rowWhere(SHOP, 'applied', r => r.lastAppliedRevision === first);

    const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const past = await post('shop', 'production', 'freeze', {
      until: '2020-01-01T00:00:00Z',
      reason: 'release day',
    });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toMatch(/until.*must be in the future/);
    const denied = await request(server)
      .post(`${api('shop')}/environments/production/freeze`)
      .set('authorization', as(OTHER))
      .send({ until, reason: 'release day' });
    expect(denied.status).toBe(403);
    const frozen = await post('shop', 'production', 'freeze', {
      until,
      reason: 'release day',
    });
    expect(frozen.status).toBe(201);

    const second = commit('shop', 'production', '2');
    await push();
    const held = await rowWhere(
      SHOP,
      'the commit waits',
      r => r.freeze?.waiting?.revision === second,
    );
    expect(held.freeze).toMatchObject({
      kind: 'manual',
      by: OWNER,
      reason: 'release day',
      until,
    });
    expect(await liveValue(SHOP)).toBe('1');
    const promoted = await post('shop', 'production', 'promote', {
      reason: 'ship it',
    });
    expect(promoted.status).toBe(409);
    expect(promoted.body.error.message).toBe(
      `production is frozen until ${until} (release day, by ${OWNER}): promotions wait until it ends`,
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-freeze',
        meta: expect.objectContaining({ until, reason: 'release day' }),
      }),
    );

    const unfrozen = await post('shop', 'production', 'unfreeze', {
      reason: 'released',
    });
    expect(unfrozen.status).toBe(200);
    const applied = await rowWhere(
      SHOP,
      'applied after the freeze',
      r => r.lastAppliedRevision === second,
    );
    expect(applied.freeze).toBeNull();
    expect(await liveValue(SHOP)).toBe('2');
    const again = await post('shop', 'production', 'unfreeze', {});
    expect(again.status).toBe(409);
  });
});
