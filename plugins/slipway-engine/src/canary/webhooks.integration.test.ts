import { KubeConfig } from '@kubernetes/client-node';
import type { CanaryPhase } from '@slipway/model';
import {
  acquireTestNamespace,
  installCanaryCrd,
  TestNamespace,
} from '@slipway/local-cluster';
import { HookServer } from '../testUtils/hookServer';
import {
  webCanary,
  gitVersion,
  tickUntil,
  workloadProbes,
} from '../testUtils/canaryHarness';
import { ObjectClient } from '../apply/ObjectClient';
import { PrometheusProvider } from '../metrics/prometheusProvider';
import { KubernetesRouter } from '../routers/kubernetesRouter';

jest.setTimeout(240_000);

/**
 * A canary's webhooks, called over real HTTP while the engine runs it on a
 * real API server: gates hold the run until they answer 2xx, rollout hooks
 * count as checks, a rollback hook ends the run, post-rollout hooks are
 * told the outcome.
 */
describe('canary webhooks', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  let namespace: string;
  const hooks = new HookServer();

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('webhooks');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
    client = ObjectClient.forConfig(kc);
    await installCanaryCrd(kc);
    await hooks.start();
  });
  afterAll(async () => {
    await hooks.stop();
    await testNamespace?.release();
  });

  const hook = (name: string, type: string, extra: object = {}) => ({
    name,
    type,
    url: `${hooks.url}/${name}`,
    ...extra,
  });
  const canary = (webhooks: object[], iterations = 2) =>
    webCanary(client, namespace, {
      interval: '1s',
      threshold: 2,
      iterations,
      webhooks,
    });
  const run = (phase: CanaryPhase | ((status: any) => boolean)) =>
    tickUntil(
      { namespace, name: 'web' },
      () => ({
        client,
        router: new KubernetesRouter(client),
        // No metrics in these canaries: the hooks are the checks.
        metricsFor: () => new PrometheusProvider('http://127.0.0.1:9'),
        webhookPolicy: { allowedHosts: ['127.0.0.1'] },
        now: new Date(),
      }),
      phase,
    );
  const probes = () => workloadProbes(kc, namespace);

  beforeAll(async () => {
    await gitVersion(client, namespace, 'registry.example.com/web:1.0.0');
    await canary([]);
    await run('Initialized');
  });

  it('holds a new version in Waiting, scaled to zero, until confirm-rollout answers 2xx; then runs it with every hook told the canary', async () => {
    hooks.answers.set('/confirm', 403);
    await canary([
      hook('confirm', 'confirm-rollout'),
      hook('pre', 'pre-rollout', { metadata: { ticket: 'OPS-1' } }),
      hook('load', 'rollout'),
      hook('post', 'post-rollout'),
    ]);
    await gitVersion(client, namespace, 'registry.example.com/web:2.0.0');
    const waiting = await run(
      s => s?.phase === 'Waiting' && hooks.callsTo('/confirm').length >= 2,
    );
    expect(waiting.status.message).toBe(
      'waiting for the rollout to be confirmed: webhook confirm: answered 403: not yet',
    );
    expect(await probes().replicas('web')).toBe(0);
    expect(hooks.callsTo('/pre')).toHaveLength(0);

    hooks.answers.set('/confirm', 200);
    const { phases, status } = await run('Succeeded');
    expect(phases).toEqual([
      'Progressing',
      'Promoting',
      'Finalising',
      'Succeeded',
    ]);
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
    const [pre] = hooks.callsTo('/pre');
    expect(pre.body).toEqual({
      name: 'web',
      namespace,
      phase: 'Progressing',
      checksum: status.canarySpec,
      type: 'pre-rollout',
      metadata: { ticket: 'OPS-1' },
    });
    // One rollout call per iteration, and the outcome told once.
    expect(hooks.callsTo('/load')).toHaveLength(2);
    expect(hooks.callsTo('/post').map(c => c.body.phase)).toEqual([
      'Succeeded',
    ]);
    expect(status.lastWebhooks?.map(w => [w.name, w.passed, w.status])).toEqual(
      [
        ['confirm', true, 200],
        ['pre', true, 200],
        ['load', true, 200],
        ['post', true, 200],
      ],
    );
  });

  it('counts a failing rollout hook as a failed check, retrying a 5xx, and rolls back at the threshold', async () => {
    hooks.answers.set('/load-broken', 503);
    await canary([
      hook('load-broken', 'rollout'),
      hook('told', 'post-rollout'),
    ]);
    const before = hooks.callsTo('/load-broken').length;
    await gitVersion(client, namespace, 'registry.example.com/web:3.0.0');
    const { status } = await run('Failed');
    expect(status.message).toBe(
      'rolled back: 2 failed checks (threshold 2): webhook load-broken: answered 503: not yet (3 attempts)',
    );
    // Two checks, each tried three times.
    expect(hooks.callsTo('/load-broken').length - before).toBe(6);
    expect(hooks.callsTo('/told').map(c => c.body.phase)).toEqual(['Failed']);
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
    expect(await probes().replicas('web')).toBe(0);
  });

  it('tells event hooks each new message as Flagger does, a failed check and the rollback as Warnings', async () => {
    hooks.answers.set('/refuse', 403);
    await canary([
      hook('events', 'event', {
        metadata: { channel: '#releases', eventType: 'forged' },
      }),
      hook('refuse', 'rollout'),
    ]);
    const before = hooks.callsTo('/events').length;
    await gitVersion(client, namespace, 'registry.example.com/web:3.1.0');
    const { status } = await run('Failed');
    const events = hooks.callsTo('/events').slice(before);
    expect(
      events.map(e => [
        e.body.phase,
        e.body.metadata.eventType,
        e.body.metadata.eventMessage,
      ]),
    ).toEqual([
      [
        'Progressing',
        'Normal',
        expect.stringMatching(
          /^new version of web \(\w+\): starting the analysis$/,
        ),
      ],
      ['Progressing', 'Normal', 'canary ready: 100% of traffic goes to it'],
      [
        'Progressing',
        'Warning',
        'check 1 of 2 failed: webhook refuse: answered 403: not yet',
      ],
      [
        'Failed',
        'Warning',
        'rolled back: 2 failed checks (threshold 2): webhook refuse: answered 403: not yet',
      ],
    ]);
    const last = events.at(-1)!.body;
    expect(last).toMatchObject({
      name: 'web',
      namespace,
      type: 'event',
      checksum: status.canarySpec,
      metadata: { channel: '#releases', eventType: 'Warning' },
    });
    expect(Number(last.metadata.timestamp)).toBeGreaterThan(
      Date.parse(status.startedAt!),
    );
  });

  it('rolls back when a rollback hook answers 2xx', async () => {
    hooks.answers.set('/stop', 200);
    await canary([hook('stop', 'rollback')], 5);
    await gitVersion(client, namespace, 'registry.example.com/web:4.0.0');
    const { status } = await run('Failed');
    expect(status.message).toBe(
      'rolled back: webhook stop asked for a rollback',
    );
    expect(await probes().apexSelector()).toEqual({ app: 'web-primary' });
  });

  it('waits at confirm-promotion until the hook agrees; a hook that never answers is a no after its timeout', async () => {
    hooks.answers.set('/approve', 'hang');
    await canary([hook('approve', 'confirm-promotion', { timeout: '1s' })], 1);
    await gitVersion(client, namespace, 'registry.example.com/web:5.0.0');
    const waiting = await run(
      s =>
        s?.phase === 'WaitingPromotion' &&
        s.lastWebhooks?.some((w: any) => w.name === 'approve'),
    );
    expect(waiting.status.message).toBe(
      'waiting for the promotion to be confirmed from the portal or by its webhooks: webhook approve: no answer within 1s (3 attempts)',
    );
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:2.0.0',
    );
    hooks.answers.set('/approve', 200);
    await run('Succeeded');
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:5.0.0',
    );
  });

  it('starts over when a newer version arrives while a passed run waits for promotion, and promotes only what was analysed', async () => {
    hooks.answers.set('/approve-later', 403);
    await canary(
      [hook('approve-later', 'confirm-promotion'), hook('check', 'rollout')],
      1,
    );
    await gitVersion(client, namespace, 'registry.example.com/web:6.0.0');
    const first = await run('WaitingPromotion');
    const checksBefore = hooks.callsTo('/check').length;

    await gitVersion(client, namespace, 'registry.example.com/web:7.0.0');
    hooks.answers.set('/approve-later', 200);
    const { phases, status } = await run('Succeeded');
    expect(phases).toEqual([
      'Progressing',
      'WaitingPromotion',
      'Promoting',
      'Finalising',
      'Succeeded',
    ]);
    expect(status.runId).not.toBe(first.status.runId);
    expect(status.canarySpec).not.toBe(first.status.canarySpec);
    // 7.0.0 had its own analysis before it was promoted; 6.0.0 never was.
    expect(hooks.callsTo('/check').length - checksBefore).toBe(1);
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:7.0.0',
    );
  });

  it('takes traffic back from a progressing canary when a newer version arrives, and analyses that one from its first step', async () => {
    await canary([hook('check', 'rollout')], 3);
    await gitVersion(client, namespace, 'registry.example.com/web:8.0.0');
    const first = await run(
      s => s?.phase === 'Progressing' && s.iterations === 1,
    );
    expect(await probes().apexSelector()).toEqual({ app: 'web' });

    await gitVersion(client, namespace, 'registry.example.com/web:9.0.0');
    const restarted = await run(
      s => s?.phase === 'Progressing' && s.runId !== first.status.runId,
    );
    expect(restarted.status).toMatchObject({
      iterations: 0,
      canaryWeight: 0,
      failedChecks: 0,
    });
    expect(await probes().apexSelector()).toEqual({ app: 'web-primary' });
    await run('Succeeded');
    expect(await probes().image('web-primary')).toBe(
      'registry.example.com/web:9.0.0',
    );
  });
});
