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

jest.setTimeout(180_000);

const OWNER = 'user:default/ada';
const SECRET = 'webhook-secret';

/**
 * The backend plugin end to end: catalog entities become targets, the
 * scheduler reconciles them from real Git repositories into the real local
 * cluster, and the REST API shows and steers it.
 */
describe('delivery through the backend plugin', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let work: string;
  let repo: ReturnType<typeof createTestRepository>;
  let elsewhere: ReturnType<typeof createTestRepository>;
  let server: any;
  let stop: () => Promise<void>;
  const auditor = mockServices.auditor.mock();

  // Services share the namespace, so each names its objects after itself.
  const configMap = (name: string, value: string, annotations = '') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: SERVICE-${name}\n${annotations}data:\n  value: "${value}"\n`;
  const commit = (
    service: string,
    env: string,
    files: Record<string, string | null>,
    message: string,
    into = repo,
  ) =>
    into.commit(
      Object.fromEntries(
        Object.entries(files).map(([f, c]) => [
          `clusters/${env}/${service}/${f}`,
          c && c.replace('SERVICE-', `${service}-`),
        ]),
      ),
      message,
    );
  const configMaps = async (service: string) =>
    (
      await kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({
        namespace,
        labelSelector: `slipway.io/service=${service}`,
      })
    ).items
      .map(
        c => `${c.metadata?.name?.slice(service.length + 1)}=${c.data?.value}`,
      )
      .sort();
  const api = (service: string) =>
    `/api/slipway/entities/component/default/${service}`;
  const delivery = async (service: string, env: string) => {
    const res = await request(server)
      .get(`${api(service)}/delivery`)
      .set('authorization', mockCredentials.user.header(OWNER));
    expect(res.status).toBe(200);
    return res.body.items.find((i: any) => i.environment === env);
  };
  const ready = (item: any) =>
    item?.conditions?.find((c: any) => c.type === 'Ready');
  const appliedRevision = (service: string, env: string, revision: string) =>
    eventually(`${service} in ${env} at ${revision.slice(0, 8)}`, async () => {
      const item = await delivery(service, env);
      if (item?.lastAppliedRevision !== revision) {
        throw new Error(JSON.stringify(item));
      }
      return item;
    });
  const push = () =>
    pushWebhook(server, { secret: SECRET, repository: `file://${repo.dir}` });

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('delivery');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-delivery-'));
    repo = createTestRepository(path.join(work, 'config'));
    elsewhere = createTestRepository(path.join(work, 'elsewhere'));
    for (const service of ['shop', 'drifty', 'watched', 'broken', 'paused']) {
      commit(
        service,
        'staging',
        { 'a.yaml': configMap('a', '1') },
        `${service} v1`,
      );
    }
    commit('watched', 'audit', { 'a.yaml': configMap('a', '1') }, 'watched v1');
    commit(
      'remote',
      'edge',
      { 'a.yaml': configMap('a', '1') },
      'remote v1',
      elsewhere,
    );
    const env = (name: string, extra: object = {}) => ({
      name,
      cluster: 'local',
      repository: repo.dir,
      namespaces: [namespace],
      interval: 2,
      ...extra,
    });
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [namespace]),
      environments: [
        // Small services whose prunes are most of them: confirmation is tenancy.integration's.
        env('staging', { prune: { confirmAboveFraction: 1 } }),
        env('audit', { driftMode: 'detect' }),
        env('edge', { repository: elsewhere.dir }),
      ],
      entities: [
        component('shop', 'staging'),
        component('drifty', 'staging'),
        component('watched', 'audit'),
        component('broken', 'staging'),
        component('paused', 'staging'),
        component('remote', 'edge'),
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

  it('deploys, updates on a push, prunes, and keeps objects that opt out', async () => {
    const first = repo.git('rev-parse', 'HEAD');
    const deployed = await appliedRevision('shop', 'staging', first);
    expect(ready(deployed)).toMatchObject({ status: 'True' });
    expect(deployed.commit).toMatchObject({ author: 'Ada <ada@example.com>' });
    // The Delivery tab's "last reconcile" column: when, how long, what it did.
    expect(deployed.lastReconcile).toMatchObject({
      result: expect.stringMatching(/^(applied|unchanged)$/),
      durationMs: expect.any(Number),
    });
    expect(
      Date.now() - Date.parse(deployed.lastReconcile.startedAt),
    ).toBeLessThan(60_000);
    expect(await configMaps('shop')).toEqual(['a=1']);

    const second = commit(
      'shop',
      'staging',
      {
        'a.yaml': configMap('a', '2'),
        'b.yaml': configMap('b', '1'),
        'keep.yaml': configMap(
          'keep',
          '1',
          '  annotations:\n    slipway.io/prune: disabled\n',
        ),
      },
      'shop v2',
    );
    const pushed = await push();
    expect(pushed.status).toBe(202);
    expect(pushed.body.targets).toBe(5); // every target of this repository and branch
    await appliedRevision('shop', 'staging', second);
    expect(await configMaps('shop')).toEqual(['a=2', 'b=1', 'keep=1']);

    const third = commit(
      'shop',
      'staging',
      { 'b.yaml': null, 'keep.yaml': null },
      'shop v3',
    );
    await push();
    await appliedRevision('shop', 'staging', third);
    expect(await configMaps('shop')).toEqual(['a=2', 'keep=1']);

    const history = await request(server)
      .get(`${api('shop')}/environments/staging/history?changesOnly=true`)
      .set('authorization', mockCredentials.user.header(OWNER));
    const [v3, v2] = history.body.items;
    expect(v3).toMatchObject({
      revision: third,
      result: 'applied',
      trigger: 'webhook',
    });
    expect(v3.changes.pruned.map((r: any) => r.name)).toEqual(['shop-b']);
    expect(v3.changes.kept.map((r: any) => r.name)).toEqual(['shop-keep']);
    expect(
      v2.changes.applied.find((a: any) => a.ref.name === 'shop-a').diff,
    ).toEqual([{ path: 'data.value', before: '1', after: '2', managers: [] }]);
    expect(v3.finishedAt).toBeGreaterThanOrEqual(v3.startedAt);
  });

  const editByHand = (name: string, service: string, value: string) =>
    kc
      .makeApiClient(CoreV1Api)
      .patchNamespacedConfigMap(
        {
          name: `${service}-${name}`,
          namespace,
          fieldManager: 'kubectl-edit',
          body: [{ op: 'replace', path: '/data/value', value }],
        },
        { headers: { 'Content-Type': 'application/json-patch+json' } } as any,
      )
      .then(() => configMaps(service));

  it('corrects drift on the next interval, records who changed what, and counts it', async () => {
    await appliedRevision('drifty', 'staging', repo.git('rev-parse', 'HEAD'));
    expect(await editByHand('a', 'drifty', 'by hand')).toEqual(['a=by hand']);

    const item = await eventually('drift corrected', async () => {
      const d = await delivery('drifty', 'staging');
      return d.drift?.corrected && d;
    });
    expect(item.drift.objects[0]).toMatchObject({
      ref: { kind: 'ConfigMap', name: 'drifty-a' },
      fields: [
        {
          path: 'data.value',
          before: 'by hand',
          after: '1',
          managers: ['kubectl-edit'],
        },
      ],
    });
    expect(await configMaps('drifty')).toEqual(['a=1']);
    const metrics = await request(server).get('/api/slipway/metrics');
    expect(metrics.text).toMatch(
      /slipway_drift_corrections_total\{cluster="local",environment="staging"\} [1-9]/,
    );
  });

  it('only reports drift where the environment is detect-only', async () => {
    await eventually(
      'watched deployed',
      async () => (await delivery('watched', 'audit')).lastAppliedRevision,
    );
    await editByHand('a', 'watched', 'by hand');

    const item = await eventually('drift detected', async () => {
      const d = await delivery('watched', 'audit');
      return d.drift && d;
    });
    expect(item.drift.corrected).toBe(false);
    await new Promise(r => setTimeout(r, 3000)); // more than an interval
    expect(await configMaps('watched')).toEqual(['a=by hand']);
  });

  it('applies nothing from a commit with invalid manifests and says which file is wrong', async () => {
    const good = (
      await appliedRevision('broken', 'staging', repo.git('rev-parse', 'HEAD'))
    ).lastAppliedRevision;
    const bad = commit(
      'broken',
      'staging',
      {
        'a.yaml': configMap('a', '2'),
        'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
      },
      'broken v2',
    );
    await push();
    const item = await eventually('validation failure', async () => {
      const d = await delivery('broken', 'staging');
      return (
        d.lastAttemptedRevision === bad &&
        ready(d)?.reason === 'ValidationFailed' &&
        d
      );
    });
    expect(ready(item).message).toContain(
      'clusters/staging/broken/bad.yaml:1: metadata.name is missing',
    );
    expect(item.lastAppliedRevision).not.toBe(bad);
    expect(await configMaps('broken')).toEqual(['a=1']);
    expect(good).toBeTruthy();
  });

  it('keeps the last state and shows the error when Git is unreachable', async () => {
    const revision = elsewhere.git('rev-parse', 'HEAD');
    await appliedRevision('remote', 'edge', revision);
    fs.renameSync(elsewhere.dir, `${elsewhere.dir}-gone`);

    const item = await eventually('Git failure', async () => {
      const d = await delivery('remote', 'edge');
      return ready(d)?.reason === 'GitOperationFailed' && d;
    });
    expect(ready(item).message).toMatch(
      /cannot fetch branch main of .*elsewhere/,
    );
    expect(item.lastAppliedRevision).toBe(revision);
    expect(await configMaps('remote')).toEqual(['a=1']);
    fs.renameSync(`${elsewhere.dir}-gone`, elsewhere.dir);
  });

  it('holds a suspended target, lets only owners suspend, audits who did it, and catches up on resume', async () => {
    await appliedRevision('paused', 'staging', repo.git('rev-parse', 'HEAD'));
    const url = `${api('paused')}/environments/staging`;

    const denied = await request(server)
      .post(`${url}/suspend`)
      .set(
        'authorization',
        mockCredentials.user.header('user:default/mallory'),
      );
    expect(denied.status).toBe(403);

    const suspended = await request(server)
      .post(`${url}/suspend`)
      .set('authorization', mockCredentials.user.header(OWNER))
      .send({ reason: 'incident 42' });
    expect(suspended.status).toBe(200);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-suspend',
        meta: expect.objectContaining({
          entityRef: 'component:default/paused',
          reason: 'incident 42',
        }),
      }),
    );

    const next = commit(
      'paused',
      'staging',
      { 'a.yaml': configMap('a', '2') },
      'paused v2',
    );
    await push();
    const sync = await request(server)
      .post(`${url}/sync`)
      .set('authorization', mockCredentials.user.header(OWNER));
    expect(sync.status).toBe(409);
    await new Promise(r => setTimeout(r, 4000)); // two intervals
    expect(await configMaps('paused')).toEqual(['a=1']);
    expect(await delivery('paused', 'staging')).toMatchObject({
      suspended: true,
      suspendedBy: OWNER,
    });

    const resumed = await request(server)
      .post(`${url}/resume`)
      .set('authorization', mockCredentials.user.header(OWNER));
    expect(resumed.status).toBe(200);
    await appliedRevision('paused', 'staging', next);
    expect(await configMaps('paused')).toEqual(['a=2']);
  });

  it('refuses webhooks with a wrong signature', async () => {
    const res = await request(server)
      .post('/api/slipway/webhooks/github')
      .set('x-github-event', 'push')
      .set('x-hub-signature-256', 'sha256=0000')
      .send('{"ref":"refs/heads/main","repository":{}}');
    expect(res.status).toBe(401);
  });
});
