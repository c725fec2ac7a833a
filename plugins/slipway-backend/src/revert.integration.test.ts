import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  installCanaryCrd,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { canaryStatus } from './__testUtils__/canaryTraffic';
import {
  component,
  engineClusterConfig,
  eventually,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';

jest.setTimeout(240_000);

/**
 * After a failed canary, Git says what serves again: in an environment
 * whose changes go straight to the branch, Slipway commits the revert of
 * the service's directory itself; the reconciler applies it, the Canary is
 * Initialized again without a new run, and the Delivery tab is Synced.
 */
describe('a failed canary reverted in Git', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let repo: ReturnType<typeof createTestRepository>;
  let stop: () => Promise<void>;
  let server: any;
  const auditor = mockServices.auditor.mock();
  const hooks = {
    url: '',
    calls: 0,
    server: http.createServer((_req, res) => {
      hooks.calls++;
      res.end();
    }),
  };

  /** A version's files; its smoke test passes (a hook the test answers) or fails (nothing listens on port 9). */
  const manifests = (
    version: string,
    smoke: 'passes' | 'fails' = 'passes',
  ) => ({
    'clusters/reverts/web/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: registry.example.com/web:${version}
`,
    'clusters/reverts/web/canary.yaml': `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: web }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80, targetPort: 8080 }
  analysis:
    interval: 2s
    threshold: 1
    iterations: 2
    webhooks:
      - { name: smoke, type: rollout, url: "${
        smoke === 'passes' ? hooks.url : 'http://127.0.0.1:9'
      }/smoke" }
`,
    'clusters/reverts/api/deployment.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: api-settings }
data: { version: "${version}" }
`,
  });
  const get = (url: string) =>
    request(server)
      .get(`/api/slipway/entities/component/default/web${url}`)
      .set('authorization', mockCredentials.user.header());
  const reaches = (phase: string) =>
    eventually(
      `the Canary ${phase}`,
      async () => {
        const status = await canaryStatus(kc, namespace, 'web');
        if (status?.phase !== phase) {
          throw new Error(JSON.stringify(status));
        }
        return status;
      },
      150_000,
    );
  const image = async (name: string) =>
    (
      await kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name, namespace })
    ).spec?.template?.spec?.containers[0].image;

  beforeAll(async () => {
    await new Promise<void>(r => hooks.server.listen(0, '127.0.0.1', r));
    hooks.url = `http://127.0.0.1:${
      (hooks.server.address() as AddressInfo).port
    }`;
    testNamespace = await acquireTestNamespace('canary-revert');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    await installCanaryCrd(kc);
    repo = createTestRepository(
      path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-revert-')),
        'config',
      ),
    );
    // Slipway pushes to the checked-out branch: the work tree follows.
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    repo.commit(manifests('1.0.0'), 'web 1.0.0');
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [namespace]),
      environments: [
        {
          name: 'reverts',
          cluster: 'local',
          repository: repo.dir,
          namespaces: [namespace],
          interval: 2,
          promotion: { mode: 'commit' },
          canaryWebhooks: { allowedHosts: ['127.0.0.1'] },
        },
      ],
      entities: [component('web', 'reverts')],
      extraFeatures: [auditor.factory],
    });
    server = backend.server;
    stop = () => backend.stop();
  });
  afterAll(async () => {
    await stop?.();
    hooks.server.closeAllConnections();
    hooks.server.close();
    await testNamespace?.release();
    if (repo) {
      fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true });
    }
  });

  it('commits the revert of only the service directory, and the row is Synced again with no new run', async () => {
    await reaches('Initialized');
    const good = repo.git('rev-parse', 'HEAD');
    // The broken version, and in the same commit a change outside web's directory.
    const broken = repo.commit(
      manifests('2.0.0', 'fails'),
      'web 2.0.0 (broken)',
    );
    const failed = await reaches('Failed');
    expect(failed.message).toMatch(/^rolled back: 1 failed checks/);

    const revert = await eventually(
      'the revert commit',
      async () => {
        const head = repo.git('rev-parse', 'HEAD');
        return head !== broken ? head : undefined;
      },
      30_000,
    );
    expect(repo.git('log', '-1', '--format=%an <%ae>%n%s%n%n%b', revert))
      .toBe(`Slipway <slipway@noreply.local>
Revert web in reverts to ${good.slice(0, 12)}: its canary failed

Canary ${namespace}/web rolled back registry.example.com/web:2.0.0 (run ${
      failed.runId
    }): ${failed.message}

Restores clusters/reverts/web to ${good} ("web 1.0.0"), the release that serves registry.example.com/web:1.0.0, so that Git again says what runs.

Slipway-Change: revert`);
    // Only web's files: api's change in the same commit stays.
    expect(repo.git('diff', '--name-only', broken, revert)).toBe(
      'clusters/reverts/web/canary.yaml\nclusters/reverts/web/deployment.yaml',
    );
    expect(
      repo.git('show', `${revert}:clusters/reverts/api/deployment.yaml`),
    ).toContain('version: "2.0.0"');

    const back = await reaches('Initialized');
    expect(back.runId).toBe(failed.runId);
    expect(await image('web')).toBe('registry.example.com/web:1.0.0');
    expect(await image('web-primary')).toBe('registry.example.com/web:1.0.0');
    const row = await eventually(
      'the row naming the revert',
      async () => {
        const [item] = (await get('/delivery')).body.items;
        return item.commit?.revision === revert &&
          !item.serving?.[0]?.rolledBack
          ? item
          : undefined;
      },
      30_000,
    );
    expect(row.serving[0]).toMatchObject({
      phase: 'Initialized',
      images: ['registry.example.com/web:1.0.0'],
    });
    const [canary] = (await get('/canaries')).body.items;
    expect(canary.runs).toHaveLength(1);

    const releases = (await get('/releases')).body.items;
    expect(releases.map((r: any) => [r.revision, r.verdict, r.author])).toEqual(
      [
        [revert, 'released', 'Slipway <slipway@noreply.local>'],
        [broken, 'failed', 'Ada <ada@example.com>'],
        [good, 'released', 'Ada <ada@example.com>'],
      ],
    );
    expect(releases[1].followUp).toEqual({
      kind: 'revert',
      mode: 'commit',
      toRevision: good,
      branch: 'main',
      revision: revert,
      at: expect.any(String),
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'canary-failure-revert',
        meta: expect.objectContaining({
          environment: 'reverts',
          runId: failed.runId,
          mode: 'revert',
          toRevision: good,
        }),
      }),
    );
  });

  it('rolls back to the release before last from a preview, as a commit touching only the service, and the cluster serves it; the version rolled back from is held until released', async () => {
    const post = (body: object) =>
      request(server)
        .post(
          '/api/slipway/entities/component/default/web/environments/reverts/rollback',
        )
        .set('authorization', mockCredentials.user.header())
        .send(body);
    // 3.0.0 passes its canary, with a Secret of its own.
    repo.commit(
      {
        ...manifests('3.0.0'),
        'clusters/reverts/web/secret.yaml': `apiVersion: v1
kind: Secret
metadata: { name: web-token }
stringData: { TOKEN: s3cret-three }
`,
      },
      'web 3.0.0',
    );
    await eventually(
      'web 3.0.0 promoted',
      async () =>
        (await image('web-primary')) === 'registry.example.com/web:3.0.0' &&
        (await canaryStatus(kc, namespace, 'web'))?.phase === 'Succeeded',
      150_000,
    );
    const releases = await eventually(
      'web 3.0.0 judged',
      async () => {
        const items = (await get('/releases')).body.items;
        return items[0]?.verdict === 'succeeded' ? items : undefined;
      },
      30_000,
    );
    expect(releases.map((r: any) => r.verdict)).toEqual([
      'succeeded',
      'released',
      'failed',
      'released',
    ]);
    const [, beforeLast, failed] = releases;

    const preview = await get(
      `/environments/reverts/rollback/${beforeLast.id}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body.mode).toBe('commit');
    expect(preview.body.files.map((f: any) => [f.path, f.shown])).toEqual([
      ['clusters/reverts/web/deployment.yaml', true],
      ['clusters/reverts/web/secret.yaml', true],
    ]);
    const [deployment, secret] = preview.body.files;
    expect(deployment.before).toContain('web:3.0.0');
    expect(deployment.after).toContain('web:1.0.0');
    // The Secret leaving Git is shown masked.
    expect(secret.after).toBeNull();
    expect(secret.before).toContain('TOKEN: "***"');
    expect(JSON.stringify(preview.body)).not.toContain('s3cret-three');

    expect((await post({ releaseId: failed.id, reason: 'x' })).status).toBe(
      409,
    );
    // Only a release that passed its canary may skip the analysis.
    const unanalysed = await post({
      releaseId: beforeLast.id,
      reason: 'x',
      skipAnalysis: true,
    });
    expect(unanalysed.status).toBe(409);
    expect(unanalysed.body.error.message).toMatch(
      /was released without a canary: only a release that passed its canary may skip the analysis/,
    );
    expect(
      (await post({ releaseId: beforeLast.id })).body.error.message,
    ).toMatch(/reason/);
    const head = repo.git('rev-parse', 'HEAD');
    const rolled = await post({
      releaseId: beforeLast.id,
      reason: 'latency regression in 3.0.0',
    });
    expect(rolled.status).toBe(201);
    expect(rolled.body).toMatchObject({
      mode: 'commit',
      changed: true,
      branch: 'main',
      toRevision: beforeLast.revision,
    });
    expect(repo.git('diff', '--name-only', head, rolled.body.revision)).toBe(
      'clusters/reverts/web/deployment.yaml\nclusters/reverts/web/secret.yaml',
    );
    expect(
      repo.git('log', '-1', '--format=%an%n%B', rolled.body.revision),
    ).toMatch(
      /^Slipway\nRoll back web in reverts to [0-9a-f]{12}\n\nlatency regression in 3.0.0\n\nRequested by user:default\/mock\./,
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-rollback',
        meta: expect.objectContaining({
          toRevision: beforeLast.revision,
          reason: 'latency regression in 3.0.0',
        }),
      }),
    );
    // Its canary judges 1.0.0 again (it passes), and the primary serves it.
    await eventually(
      'web 1.0.0 served again',
      async () =>
        (await image('web-primary')) === 'registry.example.com/web:1.0.0' &&
        (await canaryStatus(kc, namespace, 'web'))?.phase === 'Succeeded',
      150_000,
    );

    // Releases say how they came: the rollback, by whom; the revert; the commits.
    expect(
      (await get('/releases')).body.items.map((r: any) => [
        r.origin,
        r.requestedBy,
      ]),
    ).toEqual([
      ['rollback', 'user:default/mock'],
      ['commit', null],
      ['revert', null],
      ['commit', null],
      ['commit', null],
    ]);

    // Each release's change to the rendered objects, the Secret's value masked.
    const [rollback, threeOh] = (await get('/releases')).body.items;
    const diff = await get(
      `/environments/reverts/releases/${rollback.id}/diff`,
    );
    expect(diff.status).toBe(200);
    expect(diff.body.previous.id).toBe(threeOh.id);
    expect(
      diff.body.objects.map((o: any) => [o.ref.kind, o.ref.name, o.change]),
    ).toEqual([
      ['Deployment', 'web', 'changed'],
      ['Secret', 'web-token', 'removed'],
    ]);
    expect(diff.body.objects[0].fields).toEqual([
      {
        path: 'spec.template.spec.containers[0].image',
        before: 'registry.example.com/web:3.0.0',
        after: 'registry.example.com/web:1.0.0',
      },
    ]);
    expect(diff.body.objects[1].fields[0].before.stringData.TOKEN).toMatch(
      /^\(masked [0-9a-f]{10}\)$/,
    );
    expect(JSON.stringify(diff.body)).not.toContain('s3cret-three');
    expect(
      (await get('/environments/reverts/releases/999999/diff')).status,
    ).toBe(404);

    // 3.0.0 is held where it was rolled back, beside the version that failed its canary.
    const holdsOf = async () =>
      (await get('/delivery')).body.items[0].holds.map((h: any) => [
        h.images,
        h.hold.by,
        h.hold.reason,
      ]);
    expect(await holdsOf()).toEqual([
      [
        ['registry.example.com/web:3.0.0'],
        'user:default/mock',
        'latency regression in 3.0.0',
      ],
      [failed.images, `canary run ${failed.runId}`, failed.reason],
    ]);
    const release = () =>
      request(server)
        .post(
          `/api/slipway/entities/component/default/web/environments/reverts/holds/${releases[0].id}/release`,
        )
        .set('authorization', mockCredentials.user.header())
        .send({ reason: 'the regression was the database' });
    expect((await release()).status).toBe(200);
    expect((await release()).status).toBe(409);
    expect(await holdsOf()).toEqual([
      [failed.images, `canary run ${failed.runId}`, failed.reason],
    ]);
    // DORA figures from the same history: the failure and the rollback count against it.
    const dora = (await get('/dora')).body.items;
    expect(dora).toEqual([
      expect.objectContaining({
        environment: 'reverts',
        windowDays: 30,
        changeFailureRate: expect.any(Number),
        timeToRestoreSeconds: expect.any(Number),
      }),
    ]);
    expect(dora[0].changeFailureRate).toBeGreaterThan(0);
    const overview = await request(server)
      .get('/api/slipway/dora?days=7')
      .set('authorization', mockCredentials.user.header());
    expect(overview.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/web',
        service: 'web',
        environment: 'reverts',
        windowDays: 7,
        releases: dora[0].releases,
      }),
    ]);
    // And for Prometheus: the same figures over 30 days.
    const metrics = (await request(server).get('/api/slipway/metrics')).text;
    expect(metrics).toContain(
      `slipway_dora_change_failure_rate{service="web",environment="reverts",window="30d"} ${dora[0].changeFailureRate}`,
    );
    expect(metrics).toMatch(
      /slipway_dora_time_to_restore_seconds\{service="web",environment="reverts",window="30d"\} [0-9.]+/,
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-hold-release',
        meta: expect.objectContaining({
          releaseId: String(releases[0].id),
          reason: 'the regression was the database',
        }),
      }),
    );

    // Back to 3.0.0, which passed its canary: promoted without analysing it
    // again (its smoke test is not called), and the release says who asked.
    const callsBefore = hooks.calls;
    const forward = await post({
      releaseId: releases[0].id,
      reason: 'it was the database after all',
      skipAnalysis: true,
    });
    expect(forward.status).toBe(201);
    expect(forward.body.analysisSkippedBy).toEqual([`${namespace}/web`]);
    const skipped = await eventually(
      'web 3.0.0 promoted without analysis',
      async () => {
        const status = await canaryStatus(kc, namespace, 'web');
        return (await image('web-primary')) ===
          'registry.example.com/web:3.0.0' && status?.phase === 'Succeeded'
          ? status
          : undefined;
      },
      60_000,
    );
    expect(skipped.analysisSkipped).toMatchObject({
      runId: skipped.runId,
      requestedBy: 'user:default/mock',
    });
    expect(hooks.calls).toBe(callsBefore);
    const [again] = await eventually(
      'the skipped run judged',
      async () => {
        const items = (await get('/releases')).body.items;
        return items[0]?.verdict === 'succeeded' ? items : undefined;
      },
      30_000,
    );
    expect(again).toMatchObject({
      origin: 'rollback',
      images: ['registry.example.com/web:3.0.0'],
      reason:
        'promoted without analysis, as user:default/mock asked: a rollback to a release that passed its canary',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'delivery-rollback',
        meta: expect.objectContaining({
          toRevision: releases[0].revision,
          skipAnalysis: 'true',
        }),
      }),
    );
  });
});
