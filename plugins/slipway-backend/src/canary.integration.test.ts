import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  applyManifests,
  LocalPrometheus,
  TestExporter,
  TestNamespace,
} from '@slipway/local-cluster';
import {
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  component,
  engineClusterConfig,
  eventually,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';
import {
  canaryStatus,
  successRateQuery,
  TestTraffic,
} from './__testUtils__/canaryTraffic';

jest.setTimeout(240_000);

const CRD = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  '../../deploy/crds/canaries.slipway.io.yaml',
);

/**
 * Canaries the GitOps way, through the backend plugin: Git holds the
 * service's Deployment, config and Canary; the reconciler applies them, the
 * canary engine takes each new version through its analysis against a real
 * Prometheus, and the two never fight over the Deployment's replicas.
 */
describe('canaries through the backend plugin', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let repo: ReturnType<typeof createTestRepository>;
  let exporter: TestExporter;
  let prometheus: LocalPrometheus;
  let stop: () => Promise<void>;
  let server: any;
  const auditor = mockServices.auditor.mock();
  const notifications = { send: jest.fn(async () => {}) };
  /** What the service's owners were told of this Canary, in order. */
  const told = () =>
    notifications.send.mock.calls.map(([sent]: any[]) => [
      sent.recipients.entityRef,
      sent.payload.title,
      sent.payload.severity,
      sent.payload.link,
    ]);

  const successRate = successRateQuery('20s');
  let traffic: TestTraffic;
  const serve = (successPercent: number) => traffic.serve(successPercent);
  const manifests = (image: string, analysis = 'iterations: 2') => ({
    'clusters/canaries/web/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
          envFrom: [{ secretRef: { name: web-credentials } }]
`,
    'clusters/canaries/web/canary.yaml': `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: web }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80, targetPort: 8080 }
  analysis:
    interval: 3s
    threshold: 2
    ${analysis.split('\n').join('\n    ')}
    metrics:
      - name: success-rate
        query: ${successRate}
        thresholdRange: { min: 99 }
`,
  });

  const apps = () => kc.makeApiClient(AppsV1Api);
  const image = async (name: string) =>
    (await apps().readNamespacedDeployment({ name, namespace })).spec?.template
      ?.spec?.containers[0].image;
  const phase = () => canaryStatus(kc, namespace, 'web');
  const reaches = (wanted: string) =>
    eventually(
      `the Canary ${wanted}`,
      async () => {
        const status = await phase();
        if (status?.phase !== wanted) {
          throw new Error(JSON.stringify(status));
        }
        return status;
      },
      150_000,
    );

  const action = (name: string, body: object = {}) =>
    request(server)
      .post(
        `/api/slipway/entities/component/default/web/environments/canaries/canaries/web/${name}`,
      )
      .set('authorization', mockCredentials.user.header())
      .send(body);
  /** What the Delivery tab says of the service's Canary in its environment. */
  const serving = async () => {
    const res = await request(server)
      .get('/api/slipway/entities/component/default/web/delivery')
      .set('authorization', mockCredentials.user.header());
    return res.body.items[0].serving?.[0];
  };
  const servingReaches = (what: string, test: (s: any) => boolean) =>
    eventually(
      `the delivery row saying ${what}`,
      async () => {
        const now = await serving();
        if (!now || !test(now)) {
          throw new Error(JSON.stringify(now));
        }
        return now;
      },
      30_000,
    );
  const canaryRuns = async () =>
    (
      await request(server)
        .get('/api/slipway/entities/component/default/web/canaries')
        .set('authorization', mockCredentials.user.header())
    ).body.items[0].runs;
  const apexSelector = async () =>
    (
      await kc
        .makeApiClient(CoreV1Api)
        .readNamespacedService({ name: 'web', namespace })
    ).spec?.selector;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('canary-backend');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-tests');
    // Made outside Git, as External Secrets would.
    await applyManifests(
      kc,
      `apiVersion: v1
kind: Secret
metadata: { name: web-credentials, namespace: ${namespace} }
stringData: { API_TOKEN: s3cret }
`,
      'external-secrets',
    );
    exporter = await TestExporter.start();
    prometheus = await LocalPrometheus.start({ targets: [exporter.target] });
    await prometheus.scraped();
    traffic = new TestTraffic(
      exporter,
      prometheus,
      { namespace, app: 'web' },
      '20s',
    );
    repo = createTestRepository(
      path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-canary-')),
        'config',
      ),
    );
    repo.commit(manifests('registry.example.com/web:1.0.0'), 'web 1.0.0');
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [namespace]),
      environments: [
        {
          // Its own environment: other test files' backends on this cluster leave its Canary alone.
          name: 'canaries',
          cluster: 'local',
          repository: repo.dir,
          namespaces: [namespace],
          interval: 2,
        },
      ],
      entities: [component('web', 'canaries')],
      canary: { prometheus: { url: prometheus.url } },
      extraFeatures: [
        auditor.factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => notifications,
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    traffic?.stop();
    await stop?.();
    await prometheus?.stop();
    await exporter?.stop();
    await testNamespace?.release();
    if (repo) {
      fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true });
    }
  });

  it('takes the first version as the primary and scales the Git-managed Deployment to zero', async () => {
    await reaches('Initialized');
    expect(await image('web-primary')).toBe('registry.example.com/web:1.0.0');
    const web = await apps().readNamespacedDeployment({
      name: 'web',
      namespace,
    });
    expect(web.spec?.replicas).toBe(0);
    // Git has no replicas field, so only the canary engine owns spec.replicas
    // (kube-controller-manager owns status.replicas once it has counted the pods).
    const owners = web.metadata?.managedFields
      ?.filter(f => (f.fieldsV1 as any)?.['f:spec']?.['f:replicas'])
      .map(f => f.manager);
    expect(owners).toEqual(['slipway-canary']);
    // The primary's pods use its own copy of the Secret, written with the engine's account.
    const primary = await apps().readNamespacedDeployment({
      name: 'web-primary',
      namespace,
    });
    expect(primary.spec?.template?.spec?.containers[0].envFrom).toEqual([
      { secretRef: { name: 'web-credentials-primary' } },
    ]);
    const copy = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name: 'web-credentials-primary', namespace });
    expect(Buffer.from(copy.data!.API_TOKEN, 'base64').toString()).toBe(
      's3cret',
    );
  });

  it('promotes a committed version whose checks pass, with an Event for every phase', async () => {
    await serve(100);
    repo.commit(manifests('registry.example.com/web:2.0.0'), 'web 2.0.0');
    await reaches('Succeeded');
    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    const canaries = () =>
      request(server)
        .get('/api/slipway/entities/component/default/web/canaries')
        .set('authorization', mockCredentials.user.header());
    const answer = await canaries();
    const [item] = answer.body.items;
    expect(item).toMatchObject({
      environment: 'canaries',
      name: 'web',
      status: { phase: 'Succeeded' },
      paused: false,
      spec: { targetRef: { name: 'web' } },
    });
    // The Canary tab's event list comes from the cluster's Events, newest first.
    expect(item.events[0]).toMatchObject({
      type: 'Normal',
      reason: 'Succeeded',
    });
    // A tab polling an unchanged Canary is answered 304 Not Modified.
    const again = await canaries().set('if-none-match', answer.headers.etag);
    expect(again.status).toBe(304);
    // Every check of the run is stored: two iterations, each passed at 100%.
    expect(
      item.measurements.map((m: any) => [m.metric, m.value, m.passed]),
    ).toEqual([
      ['success-rate', 100, true],
      ['success-rate', 100, true],
    ]);
    const events = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({
      namespace,
      fieldSelector: 'involvedObject.kind=Canary,involvedObject.name=web',
    });
    expect(events.items.map(e => e.reason)).toEqual(
      expect.arrayContaining([
        'Initialized',
        'Progressing',
        'Promoting',
        'Finalising',
        'Succeeded',
      ]),
    );
    // The transition is audited, and the owners hear of the promotion.
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'canary-transition',
        meta: expect.objectContaining({
          entityRef: 'component:default/web',
          environment: 'canaries',
          from: 'Finalising',
          to: 'Succeeded',
        }),
      }),
    );
    expect(told()).toEqual([
      [
        'component:default/web',
        'web in canaries promoted',
        'normal',
        '/catalog/default/component/web/canary',
      ],
    ]);
  });

  it('rolls back a committed version whose checks fail', async () => {
    await serve(40);
    repo.commit(manifests('registry.example.com/web:3.0.0'), 'web 3.0.0');
    const status = await reaches('Failed');
    expect(status.failedChecks).toBe(2);
    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    expect(told().at(-1)).toEqual([
      'component:default/web',
      'web in canaries rolled back',
      'high',
      '/catalog/default/component/web/canary',
    ]);
    expect(
      (await apps().readNamespacedDeployment({ name: 'web', namespace })).spec
        ?.replicas,
    ).toBe(0);
    // The Delivery tab tells Git's version from the one serving, with the run's reason.
    const row = await servingReaches(
      'rolled back, with the revert proposed',
      s => Boolean(s.rolledBack?.revert),
    );
    expect(row).toEqual({
      canary: 'web',
      namespace,
      phase: 'Failed',
      images: ['registry.example.com/web:2.0.0'],
      rolledBack: {
        runId: status.runId,
        gitImages: ['registry.example.com/web:3.0.0'],
        reason: status.message,
        at: expect.any(String),
        revert: {
          kind: 'revert',
          mode: 'branch',
          toRevision: repo.git('rev-parse', 'HEAD~1'),
          branch: 'slipway/revert-web-in-canaries',
          revision: expect.stringMatching(/^[0-9a-f]{40}$/),
          at: expect.any(String),
        },
      },
    });
    expect(status.message).toMatch(/^rolled back: 2 failed checks/);
    // The environment reviews its changes (promotion by pull request, the
    // default): the revert waits on a branch, touching only the service's files.
    const branch = 'slipway/revert-web-in-canaries';
    await eventually(
      'the revert branch',
      async () => repo.git('rev-parse', '--verify', branch),
      30_000,
    );
    expect(repo.git('diff', '--name-only', `main..${branch}`)).toBe(
      'clusters/canaries/web/deployment.yaml',
    );
    expect(
      repo.git('show', `${branch}:clusters/canaries/web/deployment.yaml`),
    ).toContain('image: registry.example.com/web:2.0.0');
    expect(repo.git('log', '-1', '--format=%an: %s', branch)).toMatch(
      /^Slipway: Revert web in canaries to [0-9a-f]{12}: its canary failed$/,
    );
    expect(repo.git('log', '-1', '--format=%s', 'main')).toBe('web 3.0.0');
  });

  it('waits at the confirm-promotion gate until an owner promotes from the portal', async () => {
    await serve(100);
    repo.commit(
      manifests(
        'registry.example.com/web:4.0.0',
        'iterations: 1\nwebhooks:\n  - { name: approval, type: confirm-promotion, url: "http://127.0.0.1:9/approve" }',
      ),
      'web 4.0.0 behind a gate',
    );
    await reaches('WaitingPromotion');
    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    expect(told().at(-1)).toEqual([
      'component:default/web',
      'web in canaries waits for approval to promote',
      'normal',
      '/catalog/default/component/web/canary',
    ]);
    const res = await action('promote', { reason: 'checked the dashboards' });
    expect(res.status).toBe(202);
    await reaches('Succeeded');
    expect(await image('web-primary')).toBe('registry.example.com/web:4.0.0');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'canary-promote',
        meta: {
          entityRef: 'component:default/web',
          environment: 'canaries',
          canary: 'web',
          reason: 'checked the dashboards',
        },
      }),
    );
  });

  it('aborts a progressing run: the primary serves everything again', async () => {
    await serve(100);
    repo.commit(
      manifests('registry.example.com/web:5.0.0', 'iterations: 50'),
      'web 5.0.0',
    );
    await eventually(
      'the canary taking traffic',
      async () =>
        (await phase())?.phase === 'Progressing' &&
        JSON.stringify(await apexSelector()) === '{"app":"web"}',
      150_000,
    );
    expect((await action('abort', { reason: 'pager went off' })).status).toBe(
      202,
    );
    const status = await reaches('Failed');
    expect(status.message).toBe('rolled back: aborted from the portal');
    expect(await apexSelector()).toEqual({ app: 'web-primary' });
    const row = await servingReaches('rolled back', s => Boolean(s.rolledBack));
    expect(row.images).toEqual(['registry.example.com/web:4.0.0']);
    expect(row.rolledBack).toMatchObject({
      gitImages: ['registry.example.com/web:5.0.0'],
      reason: 'rolled back: aborted from the portal',
    });
    expect(await image('web-primary')).toBe('registry.example.com/web:4.0.0');
    // Nothing left to abort now, and the API says so.
    const again = await action('abort');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'there is no run to abort: the Canary is Failed',
    );
  });

  it('lists past runs, newest first, with outcome and duration, and serves the checks of each', async () => {
    const get = (url: string) =>
      request(server)
        .get(`/api/slipway/entities/component/default/web${url}`)
        .set('authorization', mockCredentials.user.header());
    const [item] = (await get('/canaries')).body.items;
    // 2.0.0 promoted, 3.0.0 rolled back, 4.0.0 promoted at the gate, 5.0.0 aborted.
    expect(item.runs.map((r: any) => r.phase)).toEqual([
      'Failed',
      'Succeeded',
      'Failed',
      'Succeeded',
    ]);
    expect(item.runs.map((r: any) => r.images)).toEqual(
      ['5.0.0', '4.0.0', '3.0.0', '2.0.0'].map(v => [
        `registry.example.com/web:${v}`,
      ]),
    );
    expect(item.runs[0].message).toBe('rolled back: aborted from the portal');
    expect(item.runs[1].message).toMatch(/^promoted /);
    for (const run of item.runs) {
      expect(run.durationSeconds).toBeGreaterThan(0);
      expect(Date.parse(run.endedAt)).toBeGreaterThan(
        Date.parse(run.startedAt),
      );
    }
    const rolledBack = item.runs[2];
    const res = await get(
      `/environments/canaries/canaries/web/runs/${rolledBack.runId}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.run).toEqual(rolledBack);
    expect(
      res.body.measurements.map((m: any) => [
        m.metric,
        Math.round(m.value),
        m.passed,
      ]),
    ).toEqual([
      ['success-rate', 40, false],
      ['success-rate', 40, false],
    ]);
    expect(
      (
        await get(
          '/environments/canaries/canaries/web/runs/5b0c6a51-0000-4000-8000-000000000000',
        )
      ).status,
    ).toBe(404);
  });

  it('is no longer rolled back once Git holds the serving version again, and starts no run for it', async () => {
    const runsBefore = (await canaryRuns()).length;
    // A revert of 5.0.0 in Git: the same pod template the primary serves.
    repo.commit(
      manifests('registry.example.com/web:4.0.0'),
      'Revert web 5.0.0',
    );
    const status = await reaches('Initialized');
    expect(status.message).toMatch(
      /^Git delivers the serving version of web again \(.+\); the failed version .+ is no longer delivered$/,
    );
    const row = await servingReaches(
      'Initialized',
      s => s.phase === 'Initialized',
    );
    expect(row.rolledBack).toBeUndefined();
    expect(row.images).toEqual(['registry.example.com/web:4.0.0']);
    expect(await image('web-primary')).toBe('registry.example.com/web:4.0.0');
    expect((await canaryRuns()).length).toBe(runsBefore);
  });

  it('records every release of the service with the verdict of its canary run, newest first', async () => {
    const res = await request(server)
      .get('/api/slipway/entities/component/default/web/releases')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((r: any) => [r.images, r.verdict, r.message]),
    ).toEqual(
      [
        ['4.0.0', 'released', 'Revert web 5.0.0'],
        ['5.0.0', 'failed', 'web 5.0.0'],
        ['4.0.0', 'succeeded', 'web 4.0.0 behind a gate'],
        ['3.0.0', 'failed', 'web 3.0.0'],
        ['2.0.0', 'succeeded', 'web 2.0.0'],
        ['1.0.0', 'released', 'web 1.0.0'],
      ].map(([version, verdict, message]) => [
        [`registry.example.com/web:${version}`],
        verdict,
        message,
      ]),
    );
    const [, aborted, , rolledBack] = res.body.items;
    expect(aborted.reason).toBe('rolled back: aborted from the portal');
    expect(rolledBack.reason).toMatch(/^rolled back: 2 failed checks/);
    expect(rolledBack.runId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
