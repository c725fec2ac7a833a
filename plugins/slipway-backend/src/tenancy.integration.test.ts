import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  applyManifests,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  component,
  engineClusterConfig,
  eventually,
  mutableCatalog,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';

jest.setTimeout(180_000);

const CRD = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  '../../deploy/crds/canaries.slipway.io.yaml',
);
const ENV = 'tenancy';
const ADA = 'user:default/ada';
const EVE = 'user:default/eve';

const claiming = (
  name: string,
  annotations: Record<string, string>,
  owner = EVE,
): Entity => {
  const entity = component(name, ENV, owner);
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    ...annotations,
  };
  return entity;
};

/**
 * One owner per service: an entity that names another's service or path in
 * its annotations reconciles nothing, prunes nothing, reaches none of the
 * other's Canaries, and both entities' Delivery API says who holds what.
 */
describe('a service belongs to one entity', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let repo: ReturnType<typeof createTestRepository>;
  let server: any;
  let stop: () => Promise<void>;
  const catalog = mutableCatalog([
    component('payments', ENV, ADA),
    component('shop', ENV, ADA),
  ]);
  const auditor = mockServices.auditor.mock();
  /** The example policy's rule: an entity's owner may act on it, nobody else. */
  const ownersOnly = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(r => {
        const user = (credentials.principal as any).userEntityRef;
        const entity = catalog.entities.find(
          e =>
            'resourceRef' in r &&
            r.resourceRef === `component:default/${e.metadata.name}`,
        );
        return {
          result:
            entity?.spec?.owner === user
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
  });

  const as = (user: string) => mockCredentials.user.header(user);
  const api = (name: string) =>
    `/api/slipway/entities/component/default/${name}`;
  const deliveryOf = async (name: string, user = ADA) => {
    const res = await request(server)
      .get(`${api(name)}/delivery`)
      .set('authorization', as(user));
    expect(res.status).toBe(200);
    return res.body.items[0];
  };
  const paymentsObjects = async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const selector = {
      namespace,
      labelSelector: 'slipway.io/service=payments',
    };
    const names = (kind: string, list: { items: any[] }) =>
      list.items.map(o => `${kind}/${o.metadata?.name}`);
    return [
      ...names(
        'Deployment',
        await kc.makeApiClient(AppsV1Api).listNamespacedDeployment(selector),
      ),
      ...names('Service', await core.listNamespacedService(selector)),
      ...names('ConfigMap', await core.listNamespacedConfigMap(selector)),
    ].sort();
  };

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('tenancy');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-tests');
    repo = createTestRepository(
      path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-tenancy-')),
        'config',
      ),
    );
    repo.commit(
      {
        [`clusters/${ENV}/payments/app.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata: { name: payments }
spec:
  selector: { matchLabels: { app: payments } }
  template:
    metadata: { labels: { app: payments } }
    spec: { containers: [{ name: payments, image: registry.example.com/payments:1.0.0 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: payments-settings }
data: { currency: EUR }
`,
        [`clusters/${ENV}/payments/canary.yaml`]: `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: payments }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: payments }
  service: { port: 80, targetPort: 8080 }
  analysis: { interval: 3s, threshold: 2, iterations: 2 }
`,
        [`clusters/${ENV}/shop/app.yaml`]: ['a', 'b', 'c', 'd']
          .map(
            n =>
              `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: shop-${n} }\ndata: { n: ${n} }\n`,
          )
          .join('---\n'),
        [`clusters/${ENV}/evil/app.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata: { name: evil-settings }
data: { currency: XXX }
`,
      },
      'payments 1.0.0, and evil',
    );
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [namespace]),
      environments: [
        {
          name: ENV,
          cluster: 'local',
          repository: repo.dir,
          namespaces: [namespace],
          interval: 2,
        },
      ],
      entities: [],
      catalog: catalog.factory,
      catalogRefreshSeconds: 2,
      extraFeatures: [auditor.factory, ownersOnly.factory],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop?.();
    await testNamespace?.release();
    if (repo) {
      fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true });
    }
  });

  it('refuses a second entity that names the service, and prunes nothing of it', async () => {
    await eventually('payments applied with its Canary', async () => {
      const canaries = await request(server)
        .get(`${api('payments')}/canaries`)
        .set('authorization', as(ADA));
      return (
        (await paymentsObjects()).includes('Deployment/payments') &&
        canaries.body.items.length > 0
      );
    });
    const before = await paymentsObjects();
    expect(before).toEqual(
      expect.arrayContaining([
        'ConfigMap/payments-settings',
        'Deployment/payments',
      ]),
    );

    catalog.entities.push(
      claiming('evil', {
        'slipway.io/service': 'payments',
        'slipway.io/path': `clusters/${ENV}/evil`,
      }),
    );
    const evil = await eventually('the conflict on evil', async () => {
      const item = await deliveryOf('evil', EVE);
      return item.conflict && item;
    });
    expect(evil.conflict).toEqual({
      heldBy: 'component:default/payments',
      reason: `service "payments" in ${ENV}`,
      since: expect.any(String),
    });
    expect(evil.lastAppliedRevision).toBeNull();
    const payments = await deliveryOf('payments');
    expect(payments.conflict).toBeNull();
    expect(payments.contestedBy).toEqual([
      {
        entityRef: 'component:default/evil',
        reason: `service "payments" in ${ENV}`,
        since: evil.conflict.since,
      },
    ]);

    // Several catalog passes and reconcile intervals later, payments still has everything.
    await new Promise(resolve => setTimeout(resolve, 6_000));
    expect(await paymentsObjects()).toEqual(expect.arrayContaining(before));
    const evilCanaries = await request(server)
      .get(`${api('evil')}/canaries`)
      .set('authorization', as(EVE));
    expect(evilCanaries.body.items).toEqual([]);
  });

  it("gives the second entity's owner no way to act on the holder's Canary", async () => {
    const canary = `environments/${ENV}/canaries/payments`;
    const abort = await request(server)
      .post(`${api('evil')}/${canary}/abort`)
      .set('authorization', as(EVE))
      .send({ reason: 'mine now' });
    expect(abort.status).toBe(404);
    expect(abort.body.error.message).toContain(
      'belongs to component:default/payments',
    );
    for (const route of ['history', 'diff']) {
      const res = await request(server)
        .get(`${api('evil')}/environments/${ENV}/${route}`)
        .set('authorization', as(EVE));
      expect(res.status).toBe(404);
    }
    const sync = await request(server)
      .post(`${api('evil')}/environments/${ENV}/sync`)
      .set('authorization', as(EVE));
    expect(sync.status).toBe(404);

    // The holder's own action on it still goes through.
    const own = await request(server)
      .post(`${api('payments')}/${canary}/pause`)
      .set('authorization', as(ADA))
      .send({});
    expect(own.status).toBe(202);
  });

  it('refuses a path another entity holds, or one under it', async () => {
    catalog.entities.push(
      claiming('copycat', { 'slipway.io/path': `clusters/${ENV}/payments` }),
      claiming('umbrella', { 'slipway.io/path': `clusters/${ENV}` }),
    );
    for (const name of ['copycat', 'umbrella']) {
      const item = await eventually(`the conflict on ${name}`, async () => {
        const found = await deliveryOf(name, EVE);
        return found.conflict && found;
      });
      expect(item.conflict.heldBy).toBe('component:default/payments');
      expect(item.conflict.reason).toBe(
        `path "clusters/${ENV}/payments" of ${repo.dir} (main)`,
      );
    }
    const payments = await deliveryOf('payments');
    expect(payments.contestedBy.map((c: any) => c.entityRef)).toEqual([
      'component:default/copycat',
      'component:default/evil',
      'component:default/umbrella',
    ]);
  });

  it('holds back a prune of 3 of 4 objects until an owner confirms it, with a reason', async () => {
    const shopConfigMaps = async () =>
      (
        await kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({
          namespace,
          labelSelector: 'slipway.io/service=shop',
        })
      ).items
        .map(c => c.metadata?.name)
        .sort();
    await eventually(
      'shop applied',
      async () => (await shopConfigMaps()).length === 4,
    );
    repo.commit(
      {
        [`clusters/${ENV}/shop/app.yaml`]:
          'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: shop-a }\ndata: { n: a }\n',
      },
      'shop keeps only a',
    );
    const held = await eventually('the prune held back', async () => {
      const item = await deliveryOf('shop');
      return item.pendingPrune && item;
    });
    expect(held.pendingPrune.objects.map((o: any) => o.name).sort()).toEqual([
      'shop-b',
      'shop-c',
      'shop-d',
    ]);
    expect(held.pendingPrune.of).toBe(4);
    expect(await shopConfigMaps()).toEqual([
      'shop-a',
      'shop-b',
      'shop-c',
      'shop-d',
    ]);

    const confirm = (user: string, body: object) =>
      request(server)
        .post(`${api('shop')}/environments/${ENV}/prune/confirm`)
        .set('authorization', as(user))
        .send(body);
    const { hash } = held.pendingPrune;
    expect((await confirm(EVE, { hash, reason: 'not mine' })).status).toBe(403);
    const noReason = await confirm(ADA, { hash });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('Invalid body: reason Required');
    const stale = await confirm(ADA, {
      hash: '0000000000000000',
      reason: 'an old page',
    });
    expect(stale.status).toBe(409);
    expect(await shopConfigMaps()).toHaveLength(4);

    const confirmed = await confirm(ADA, {
      hash,
      reason: 'b, c and d moved to shop-v2',
    });
    expect(confirmed.status).toBe(202);
    await eventually(
      'the confirmed prune',
      async () => (await shopConfigMaps()).join() === 'shop-a',
    );
    expect((await deliveryOf('shop')).pendingPrune).toBeNull();
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-prune-confirm',
        meta: expect.objectContaining({
          entityRef: 'component:default/shop',
          reason: 'b, c and d moved to shop-v2',
          objects: `ConfigMap ${namespace}/shop-b, ConfigMap ${namespace}/shop-c, ConfigMap ${namespace}/shop-d`,
        }),
      }),
    );
  });
});
