import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  acquireTestNamespace,
  applyManifests,
  LocalPrometheus,
  TestExporter,
  TestNamespace,
} from '@slipway/local-cluster';
import knex, { Knex } from 'knex';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ChildBackend } from './__testUtils__/ChildBackend';
import {
  canaryStatus,
  successRateQuery,
  TestTraffic,
} from './__testUtils__/canaryTraffic';
import {
  clusterConfig,
  engineClusterConfig,
  engineCredentials,
  eventually,
} from './__testUtils__/deliveryBackend';

jest.setTimeout(600_000);

const CRD = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  '../../deploy/crds/canaries.slipway.io.yaml',
);
const ENVIRONMENT = 'restarts';

/**
 * Webhooks the test answers: gates it opens when it wants, a hook it can
 * hold unanswered (to kill the backend in the middle of a tick), and a log
 * of every call.
 */
class Hooks {
  readonly calls: Array<{ type: string; phase: string }> = [];
  readonly open = new Set<string>();
  private held?: { type: string; arrived: () => void };
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      const { type, phase } = JSON.parse(body);
      this.calls.push({ type, phase });
      const held = this.held;
      if (held && held.type === type) {
        held.arrived();
        return; // never answered: the backend dies waiting
      }
      const gate = type.startsWith('confirm-');
      res.statusCode = !gate || this.open.has(type) ? 200 : 403;
      res.end();
    });
  });

  async start() {
    await new Promise<void>(r => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves when the next call of `type` arrives, which is then left unanswered. */
  hold(type: string): Promise<void> {
    return new Promise<void>(arrived => {
      this.held = { type, arrived };
    }).finally(() => {
      this.held = undefined;
    });
  }

  count(type: string, phase: string) {
    return this.calls.filter(c => c.type === type && c.phase === phase).length;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise(r => this.server.close(r));
  }
}

/**
 * The canary engine survives SIGKILL: a real backend process runs a
 * Canary's runs against a real API server and Prometheus, and is killed
 * in every phase (once in the middle of an analysis, while a webhook has
 * not answered). Another backend on the same database takes the runs up,
 * and each ends as it would have without the kills: one promotion, one
 * rollback, every check stored exactly once.
 */
describe('canary runs across backend kills', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let exporter: TestExporter;
  let prometheus: LocalPrometheus;
  let hooks: Hooks;
  let backend: ChildBackend;
  let db: Knex;
  let work: string;
  let traffic: TestTraffic;
  const killedIn: string[] = [];

  const successRate = successRateQuery('10s');
  const labels = `{ slipway.io/service: web, slipway.io/environment: ${ENVIRONMENT} }`;
  const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${namespace}, labels: ${labels} }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ${image}
`;
  const canary = (hooksUrl: string) => `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: web, namespace: ${namespace}, labels: ${labels} }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80, targetPort: 8080 }
  analysis:
    interval: 3s
    threshold: 2
    iterations: 3
    metrics:
      - name: success-rate
        query: ${successRate}
        thresholdRange: { min: 99 }
    webhooks:
      - { name: confirm-rollout, type: confirm-rollout, url: ${hooksUrl}/confirm-rollout }
      - { name: rollout, type: rollout, url: ${hooksUrl}/rollout }
      - { name: confirm-promotion, type: confirm-promotion, url: ${hooksUrl}/confirm-promotion }
      - { name: post-rollout, type: post-rollout, url: ${hooksUrl}/post-rollout }
`;
  // The Git-managed Deployment is applied as the reconciler applies it.
  const commit = (image: string) =>
    applyManifests(kc, deployment(image), 'slipway');

  const status = () => canaryStatus(kc, namespace, 'web');
  const reaches = (phase: string, also: (s: any) => boolean = () => true) =>
    eventually(
      `the Canary in ${phase}`,
      async () => {
        const s = await status();
        return s?.phase === phase && also(s) ? s : undefined;
      },
      90_000,
    ).catch(error => {
      throw new Error(`${error.message}\n${backend.logs().slice(-4000)}`);
    });

  /** Kills the backend once the Canary is in `phase`, notes the phase it died in, and starts another. */
  async function killIn(phase: string, also?: (s: any) => boolean) {
    await reaches(phase, also);
    await backend.kill();
    killedIn.push((await status()).phase);
    backend.start();
  }

  const image = async (name: string) =>
    (
      await kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name, namespace })
    ).spec?.template?.spec?.containers[0].image;
  const measurements = (runId: string) =>
    db('slipway_canary_measurements')
      .where({ run_id: runId })
      .orderBy('at')
      .select('metric', 'value', 'passed', 'at');
  const events = async (reason: string) =>
    (
      await kc.makeApiClient(CoreV1Api).listNamespacedEvent({
        namespace,
        fieldSelector: `involvedObject.kind=Canary,involvedObject.name=web,reason=${reason}`,
      })
    ).items.reduce((sum, e) => sum + (e.count ?? 1), 0);

  const eventsReported = (reason: string) =>
    eventually(
      `the ${reason} Event`,
      async () => (await events(reason)) > 0,
      30_000,
    );

  const serve = (successPercent: number) => traffic.serve(successPercent);

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('canary-restarts');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-tests');
    exporter = await TestExporter.start();
    prometheus = await LocalPrometheus.start({ targets: [exporter.target] });
    traffic = new TestTraffic(
      exporter,
      prometheus,
      { namespace, app: 'web' },
      '10s',
    );
    hooks = new Hooks();
    const hooksUrl = await hooks.start();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-restarts-'));
    const cluster = await engineClusterConfig(kc, [namespace]);
    backend = await ChildBackend.create(work, {
      ...clusterConfig(cluster),
      slipway: {
        clusters: [engineCredentials(cluster)],
        environments: [
          {
            name: ENVIRONMENT,
            cluster: 'local',
            repository: `file://${work}/no-config-repo`,
            namespaces: [namespace],
            // The hooks server runs on this machine.
            canaryWebhooks: { allowedHosts: ['127.0.0.1'] },
          },
        ],
        // A killed backend's claims lapse after 3 s instead of 30.
        leaseSeconds: 3,
        canary: { prometheus: { url: prometheus.url } },
      },
    });
    db = knex({
      client: 'better-sqlite3',
      connection: { filename: path.join(work, 'db', 'slipway.sqlite') },
      useNullAsDefault: true,
    });
    await serve(100);
    backend.start();
    await commit('registry.example.com/web:1.0.0');
    await applyManifests(kc, canary(hooksUrl), 'slipway');
  });
  afterAll(async () => {
    traffic?.stop();
    await backend?.kill();
    await db?.destroy();
    await hooks?.stop();
    await prometheus?.stop();
    await exporter?.stop();
    await testNamespace?.release();
    if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('promotes a good version once, with every check stored once, though killed in every phase of its run', async () => {
    await killIn('Initializing');
    const initialized = await reaches('Initialized');
    expect(initialized.lastAppliedSpec).toBeDefined();
    await backend.kill();
    killedIn.push((await status()).phase);
    backend.start();

    await commit('registry.example.com/web:2.0.0');
    await killIn('Waiting');
    hooks.open.add('confirm-rollout');

    // Killed in the middle of an analysis: the metric was measured, the
    // rollout hook has not answered, the status is not written.
    const analysing = hooks.hold('rollout');
    await reaches('Progressing');
    await analysing;
    await backend.kill();
    killedIn.push(`${(await status()).phase} (mid-analysis)`);
    backend.start();
    await killIn('Progressing', s => s.iterations === 1);

    await killIn('WaitingPromotion');
    hooks.open.add('confirm-promotion');
    await killIn('Promoting');
    await killIn('Finalising');
    const succeeded = await reaches('Succeeded');
    // The Event follows the status write; killed after it, a restart must not report it again.
    await eventsReported('Succeeded');
    await backend.kill();
    killedIn.push((await status()).phase);
    backend.start();

    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    const checks = await measurements(succeeded.runId);
    expect(checks.map(c => [c.metric, c.value, Boolean(c.passed)])).toEqual([
      ['success-rate', 100, true],
      ['success-rate', 100, true],
      ['success-rate', 100, true],
    ]);
    expect(await events('Succeeded')).toBe(1);
    expect(hooks.count('post-rollout', 'Succeeded')).toBe(1);
    // A restart after the promotion does not start the version's run again.
    await new Promise(r => setTimeout(r, 8_000));
    expect((await status()).runId).toBe(succeeded.runId);
    expect(killedIn).toEqual([
      'Initializing',
      'Initialized',
      'Waiting',
      'Progressing (mid-analysis)',
      'Progressing',
      'WaitingPromotion',
      'Promoting',
      'Finalising',
      'Succeeded',
    ]);
  });

  it('rolls a bad version back once, after exactly threshold failed checks, though killed between them and after', async () => {
    await serve(40);
    await commit('registry.example.com/web:3.0.0');
    await killIn('Progressing', s => s.failedChecks === 1);
    const failed = await reaches('Failed');
    await eventsReported('Failed');
    await backend.kill();
    killedIn.push((await status()).phase);
    backend.start();
    await new Promise(r => setTimeout(r, 8_000));

    expect(await status()).toMatchObject({
      phase: 'Failed',
      runId: failed.runId,
      failedChecks: 2,
    });
    expect(await image('web-primary')).toBe('registry.example.com/web:2.0.0');
    const checks = await measurements(failed.runId);
    expect(checks.map(c => Boolean(c.passed))).toEqual([false, false]);
    expect(await events('Failed')).toBe(1);
    expect(hooks.count('post-rollout', 'Failed')).toBe(1);
    expect(killedIn.slice(-2)).toEqual(['Progressing', 'Failed']);
  });
});
