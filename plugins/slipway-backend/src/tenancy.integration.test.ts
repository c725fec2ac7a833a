import { mockCredentials } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine';
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
  const catalog = mutableCatalog([component('payments', ENV, ADA)]);

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
        [`clusters/${ENV}/evil/app.yaml`]: `apiVersion: v1
kind: ConfigMap
metadata: { name: evil-settings }
data: { currency: XXX }
`,
      },
      'payments 1.0.0, and evil',
    );
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc),
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
    const pause = await request(server)
      .post(`${api('evil')}/${canary}/pause`)
      .set('authorization', as(EVE))
      .send({ reason: 'mine now' });
    expect(pause.status).toBe(404);
    expect(pause.body.error.message).toContain(
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
});
