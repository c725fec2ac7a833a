import { mockCredentials } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  LocalPostgres,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  component,
  engineClusterConfig,
  eventually,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';
import { recordingLogger } from './__testUtils__/recordingLogger';

jest.setTimeout(240_000);

const CREATED = 'created-Pa55word-1';
const CHANGED = 'changed-Pa55word-2';
const DRIFTED = 'drifted-Pa55word-3';
const GIT_TOKEN = 'git-t0ken-never-shown';
const PROMETHEUS_TOKEN = 'prometheus-t0ken-never-shown';
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Every form a leaked value could take. */
const FORBIDDEN = [
  CREATED,
  CHANGED,
  DRIFTED,
  GIT_TOKEN,
  PROMETHEUS_TOKEN,
].flatMap(v => [v, b64(v)]);
const leaked = (text: string) => FORBIDDEN.filter(v => text.includes(v));

const secretYaml = (password: string) => `apiVersion: v1
kind: Secret
metadata: { name: vault-db }
stringData: { password: "${password}", user: app }
`;

/**
 * No Secret value leaves the cluster and no Git credential leaves the
 * config: a Secret created, changed and drifted, and a Git server that
 * never answers, leave neither in the database, the API, Events or logs.
 */
describe.each(['sqlite', 'postgres'])('secrets stay secret (%s)', database => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let work: string;
  let repo: ReturnType<typeof createTestRepository>;
  let postgres: LocalPostgres | undefined;
  let hangingGit: net.Server;
  let hangingUrl: string;
  let backend: Awaited<ReturnType<typeof startDeliveryBackend>>;
  const logs = recordingLogger();
  const api = '/api/slipway/entities/component/default/vault';
  const get = async (route: string) => {
    const res = await request(backend.server)
      .get(`${api}${route}`)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  };
  const historyOf = (environment: string) =>
    get(`/environments/${environment}/history?limit=100`);
  const applied = async (revision: string) =>
    (await historyOf('secrets')).items.some(
      (r: any) => r.revision === revision && r.result === 'applied',
    );

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace(`secrets-${database}`);
    kc = testNamespace.kubeConfig;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-secrets-'));
    repo = createTestRepository(path.join(work, 'config'));
    repo.commit(
      { 'clusters/secrets/vault/secret.yaml': secretYaml(CREATED) },
      'vault with a secret',
    );
    hangingGit = net.createServer(() => undefined);
    await new Promise<void>(r => hangingGit.listen(0, '127.0.0.1', r));
    const { port } = hangingGit.address() as net.AddressInfo;
    hangingUrl = `http://ada:${GIT_TOKEN}@127.0.0.1:${port}/config.git`;
    postgres =
      database === 'postgres' ? await LocalPostgres.start() : undefined;
    const environment = (name: string, repository: string) => ({
      name,
      cluster: 'local',
      repository,
      namespaces: [testNamespace.namespace],
      interval: 2,
    });
    backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [testNamespace.namespace]),
      database: postgres
        ? { client: 'pg', connection: postgres.connection }
        : {
            client: 'better-sqlite3',
            connection: { directory: path.join(work, 'db') },
          },
      environments: [
        environment('secrets', repo.dir),
        {
          ...environment('unanswered', hangingUrl),
          prometheus: {
            url: 'http://prometheus.monitoring:9090',
            auth: { type: 'bearer', token: PROMETHEUS_TOKEN },
          },
        },
      ],
      entities: [component('vault', 'secrets,unanswered')],
      reconcile: { gitTimeoutSeconds: 2 },
      extraFeatures: [logs.factory],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await postgres?.stop();
    hangingGit?.close();
    await testNamespace?.release();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('records a Secret created, changed and drifted by its keys and hashes, never its values', async () => {
    await eventually('the Secret created', () =>
      applied(repo.git('rev-parse', 'HEAD')),
    );
    const second = repo.commit(
      { 'clusters/secrets/vault/secret.yaml': secretYaml(CHANGED) },
      'new password',
    );
    await eventually('the Secret changed', () => applied(second), 60_000);
    await kc.makeApiClient(CoreV1Api).patchNamespacedSecret(
      {
        name: 'vault-db',
        namespace: testNamespace.namespace,
        body: [{ op: 'replace', path: '/data/password', value: b64(DRIFTED) }],
      },
      // JSON patch: the client's default is a merge patch.
      { headers: { 'Content-Type': 'application/json-patch+json' } } as any,
    );
    const delivery = await eventually(
      'the drift corrected',
      async () => {
        const body = await get('/delivery');
        const item = body.items.find((i: any) => i.environment === 'secrets');
        return item.drift?.corrected && body;
      },
      60_000,
    );

    const history = await historyOf('secrets');
    const change = history.items
      .find((r: any) => r.revision === second && r.result === 'applied')
      .changes.applied.find((a: any) => a.ref.kind === 'Secret');
    expect(change.diff).toEqual([
      expect.objectContaining({
        path: 'data.password',
        before: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
        after: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
      }),
    ]);
    const drift = delivery.items.find((i: any) => i.environment === 'secrets')
      .drift.objects[0];
    expect(drift.fields[0].path).toBe('data.password');
    // The drift put back the changed value: its hash is the one the change recorded.
    expect(drift.fields[0].after).toBe(change.diff[0].after);

    const served = JSON.stringify([
      history,
      await get('/environments/secrets/diff'),
      delivery,
    ]);
    expect(leaked(served)).toEqual([]);
    const events = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedEvent({ namespace: testNamespace.namespace });
    expect(leaked(JSON.stringify(events.items))).toEqual([]);
  });

  it('says a Git server gave no answer, without the token of its URL', async () => {
    const body = await eventually(
      'the unanswered fetch failed',
      async () => {
        const b = await get('/delivery');
        const item = b.items.find((i: any) => i.environment === 'unanswered');
        return item.conditions.some((c: any) => c.status === 'False') && b;
      },
      60_000,
    );
    const item = body.items.find((i: any) => i.environment === 'unanswered');
    const ready = item.conditions.find((c: any) => c.type === 'Ready');
    expect(ready.message).toBe(
      `cannot fetch branch main of ${hangingUrl.replace(
        `ada:${GIT_TOKEN}@`,
        '',
      )}: git fetch gave no answer within 2 s`,
    );
    expect(item.repository).not.toContain(GIT_TOKEN);
    const environments = await request(backend.server)
      .get('/api/slipway/environments')
      .set('authorization', mockCredentials.user.header());
    // The environment's Prometheus is shown, its token is not.
    expect(
      environments.body.items.find((e: any) => e.name === 'unanswered')
        .prometheus,
    ).toEqual({
      url: 'http://prometheus.monitoring:9090',
      auth: { type: 'bearer', token: '(hidden)' },
    });
    const served = JSON.stringify([
      body,
      environments.body,
      await get('/targets'),
      await historyOf('unanswered'),
    ]);
    expect(leaked(served)).toEqual([]);
  });

  it('leaves no value or token in the database or the log', async () => {
    let stored: string;
    if (postgres) {
      stored = await postgres.dumpAll();
    } else {
      const dir = path.join(work, 'db');
      stored = fs
        .readdirSync(dir)
        .map(f => fs.readFileSync(path.join(dir, f)).toString('latin1'))
        .join('\n');
    }
    expect(stored).toContain('vault-db');
    expect(leaked(stored)).toEqual([]);
    expect(logs.lines.join('\n')).toContain('unanswered');
    expect(leaked(logs.lines.join('\n'))).toEqual([]);
  });
});
