import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  createCatalogAnnotationsAction,
  createConfigRepoPullRequestAction,
  createManifestsAction,
  createPromoteAction,
  promoteThroughSlipway,
} from '@slipway/backstage-plugin-scaffolder-backend-module-slipway';
import {
  ConfigRepoWriter,
  readSlipwayEnvironments,
} from '@slipway/backstage-plugin-slipway-node';
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
  allowedOnlyTo,
  component,
  engineClusterConfig,
  eventually,
  mutableCatalog,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';
import { routesOf } from './__testUtils__/routesOf';

jest.setTimeout(300_000);

const CRD = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  '../../deploy/crds/canaries.slipway.io.yaml',
);
const [A, B] = ['authz-a', 'authz-b'];
const OWNER = 'user:default/ada';
const OTHER = 'user:default/eve';
const NOBODY = 'user:default/mallory';
const SECRET = 'authz-webhook-secret';

type Expected = { owner: number; other: number; nobody: number };
const READ: Expected = { owner: 200, other: 200, nobody: 404 };
const act = (owner: number): Expected => ({ owner, other: 403, nobody: 404 });

/**
 * Every route of the REST API, read from the router itself, and the
 * scaffolder's promote action, each as the entity's owner, as someone who
 * may read it but does not own it, and as someone who may not read it; and
 * the action that proposes a new service (there is no entity yet: the
 * policy's `slipway.service.create` decides), and the two actions that
 * write only into the task's workspace, which anyone who runs a template
 * may use.
 */
describe('who may do what', () => {
  const namespaces: TestNamespace[] = [];
  let repo: ReturnType<typeof createTestRepository>;
  let server: any;
  let stop: () => Promise<void>;
  const catalog = mutableCatalog([component('orders', `${A},${B}`, OWNER)], {
    hiddenFrom: [NOBODY],
  });
  const ownersOnly = allowedOnlyTo(OWNER);
  const api = '/api/slipway/entities/component/default/orders';
  const get = (url: string) => (user: string) =>
    request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header(user));
  const post =
    (url: string, body: () => object = () => ({})) =>
    (user: string) =>
      request(server)
        .post(url)
        .set('authorization', mockCredentials.user.header(user))
        .send(body());
  const delivery = async (env: string) =>
    (await get(`${api}/delivery`)(OWNER)).body.items.find(
      (i: any) => i.environment === env,
    );

  const deployment = (tag: string, configMaps: string[]) =>
    [
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: orders }
spec:
  selector: { matchLabels: { app: orders } }
  template:
    metadata: { labels: { app: orders } }
    spec:
      containers:
        - name: orders
          image: registry.example.com/orders:${tag}
`,
      ...configMaps.map(
        n =>
          `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: orders-${n} }\ndata: { n: "${n}" }\n`,
      ),
    ].join('---\n');
  const canary = `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: orders }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: orders }
  service: { port: 80, targetPort: 8080 }
  analysis: { interval: 2s, threshold: 2, iterations: 1 }
`;

  let runId: string;
  let pruneHash: string;
  let releaseId: number;

  beforeAll(async () => {
    namespaces.push(
      await acquireTestNamespace('authz-a'),
      await acquireTestNamespace('authz-b'),
    );
    const kc = namespaces[0].kubeConfig;
    await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-tests');
    repo = createTestRepository(
      path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-authz-')),
        'config',
      ),
    );
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    repo.commit(
      {
        [`clusters/${A}/orders/app.yaml`]: deployment('1.0.0', [
          '1',
          '2',
          '3',
          '4',
        ]),
        [`clusters/${A}/orders/canary.yaml`]: canary,
        [`clusters/${B}/orders/app.yaml`]: deployment('0.9.0', []),
      },
      'orders',
    );
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(
        kc,
        namespaces.map(n => n.namespace),
      ),
      environments: [A, B].map((name, i) => ({
        name,
        cluster: 'local',
        repository: repo.dir,
        namespaces: [namespaces[i].namespace],
        interval: 2,
        promotion: { mode: 'commit' },
        prune: { confirmAboveFraction: 0.3 },
      })),
      entities: [],
      catalog: catalog.factory,
      catalogRefreshSeconds: 2,
      webhookSecret: SECRET,
      extraFeatures: [ownersOnly.factory],
    });
    server = backend.server;
    stop = () => backend.stop();

    // A run to read, a prune to confirm, and a source environment that is Ready.
    await eventually(
      'the Canary initialised',
      async () =>
        (await get(`${api}/canaries`)(OWNER)).body.items[0]?.status?.phase ===
        'Initialized',
      120_000,
    );
    repo.commit(
      { [`clusters/${A}/orders/app.yaml`]: deployment('1.1.0', ['1']) },
      'orders 1.1.0, three settings fewer',
    );
    runId = await eventually(
      'a canary run',
      async () =>
        (
          await get(`${api}/canaries`)(OWNER)
        ).body.items[0]?.runs[0]?.runId,
      120_000,
    );
    releaseId = await eventually(
      `a release in ${A}`,
      async () =>
        (
          await get(`${api}/releases?environment=${A}`)(OWNER)
        ).body.items[0]?.id,
    );
    pruneHash = await eventually(
      'the held-back prune',
      async () => (await delivery(A))?.pendingPrune?.hash,
    );
    await eventually(
      `${A} Ready`,
      async () =>
        (await delivery(A))?.conditions?.find((c: any) => c.type === 'Ready')
          ?.status === 'True',
      120_000,
    );
  });
  afterAll(async () => {
    await stop?.();
    for (const ns of namespaces) {
      await ns.release();
    }
    if (repo) {
      fs.rmSync(path.dirname(repo.dir), { recursive: true, force: true });
    }
  });

  const envPath = (env: string) => `${api}/environments/${env}`;
  /** In the order they run: each as nobody, then the other user, then the owner. */
  const matrix: Array<[string, (user: string) => request.Test, Expected]> = [
    [
      'GET /environments',
      get('/api/slipway/environments'),
      { owner: 200, other: 200, nobody: 200 },
    ],
    [
      'GET /metrics',
      get('/api/slipway/metrics'),
      { owner: 200, other: 200, nobody: 200 },
    ],
    [
      'POST /webhooks/github',
      user =>
        post('/api/slipway/webhooks/github')(user).set(
          'x-github-event',
          'push',
        ),
      { owner: 401, other: 401, nobody: 401 }, // signed by GitHub, never by a user
    ],
    [
      'GET /entities/:kind/:namespace/:name/targets',
      get(`${api}/targets`),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/delivery',
      get(`${api}/delivery`),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/canaries',
      get(`${api}/canaries`),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/environments/:environment/history',
      get(`${envPath(A)}/history`),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/environments/:environment/diff',
      get(`${envPath(A)}/diff`),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/environments/:environment/canaries/:canary/runs/:runId',
      user => get(`${envPath(A)}/canaries/orders/runs/${runId}`)(user),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/releases',
      get(`${api}/releases`),
      READ,
    ],
    [
      'GET /entities/:kind/:namespace/:name/environments/:environment/releases/:releaseId/diff',
      user => get(`${envPath(A)}/releases/${releaseId}/diff`)(user),
      READ,
    ],
    ['GET /entities/:kind/:namespace/:name/dora', get(`${api}/dora`), READ],
    [
      // Every service the caller may read in the catalog: nobody reads none.
      'GET /dora',
      get('/api/slipway/dora'),
      { owner: 200, other: 200, nobody: 200 },
    ],
    [
      // No such release: the owner is let through to be told so.
      'GET /entities/:kind/:namespace/:name/environments/:environment/rollback/:releaseId',
      get(`${envPath(A)}/rollback/999999`),
      act(404),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/rollback',
      post(`${envPath(A)}/rollback`, () => ({
        releaseId: 999999,
        reason: 'matrix',
      })),
      act(404),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/holds/:releaseId/release',
      post(`${envPath(A)}/holds/999999/release`, () => ({ reason: 'matrix' })),
      act(409),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/sync',
      post(`${envPath(A)}/sync`),
      act(202),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/suspend',
      post(`${envPath(B)}/suspend`, () => ({ reason: 'matrix' })),
      act(200),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/resume',
      post(`${envPath(B)}/resume`),
      act(200),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/canaries/:canary/:action',
      post(`${envPath(A)}/canaries/orders/pause`),
      act(202),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/promote',
      post(`${envPath(B)}/promote`, () => ({ reason: 'matrix' })),
      act(201),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/prune/confirm',
      post(`${envPath(A)}/prune/confirm`, () => ({
        hash: pruneHash,
        reason: 'matrix',
      })),
      act(202),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/freeze',
      post(`${envPath(B)}/freeze`, () => ({
        until: new Date(Date.now() + 60 * 60 * 1000).toISOString(),
        reason: 'matrix',
      })),
      act(201),
    ],
    [
      // Nothing waits for the freeze: the owner is let through to be told so.
      'POST /entities/:kind/:namespace/:name/environments/:environment/break-glass',
      post(`${envPath(B)}/break-glass`, () => ({
        revision: 'a'.repeat(40),
        reason: 'matrix',
      })),
      act(409),
    ],
    [
      'POST /entities/:kind/:namespace/:name/environments/:environment/unfreeze',
      post(`${envPath(B)}/unfreeze`),
      act(200),
    ],
  ];

  it('has a rule for every route the router serves', async () => {
    expect(matrix.map(([route]) => route).sort()).toEqual(
      (await routesOf()).sort(),
    );
  });

  it.each(matrix.map(([route, send, expected]) => ({ route, send, expected })))(
    '$route',
    async ({ send, expected }) => {
      const seen = {
        nobody: (await send(NOBODY)).status,
        other: (await send(OTHER)).status,
        owner: (await send(OWNER)).status,
      };
      expect(seen).toEqual(expected);
    },
  );

  it('runs slipway:promote as the template runner: the owner promotes, others are refused', async () => {
    const base = `http://127.0.0.1:${server.address().port}/api/slipway`;
    const action = createPromoteAction({
      promote: promoteThroughSlipway({
        discovery: {
          getBaseUrl: async () => base,
          getExternalBaseUrl: async () => base,
        },
        auth: mockServices.auth(),
      }),
    });
    const run = (user: string) => {
      const ctx = {
        ...createMockActionContext({
          input: { entityRef: 'component:default/orders', to: B },
        }),
        getInitiatorCredentials: async () => mockCredentials.user(user),
      };
      return action.handler(ctx as any).then(() => ctx);
    };
    await expect(run(NOBODY)).rejects.toThrow(
      'No entity component:default/orders in the catalog',
    );
    await expect(run(OTHER)).rejects.toThrow(
      'Not allowed to slipway.environment.promote on component:default/orders',
    );
    // Promoted by the route above already: nothing left to change.
    const owner = await run(OWNER);
    expect(owner.output).toHaveBeenCalledWith('changed', false);
  });

  /** The environments as the scaffolder module reads them: app-config, defaults filled in. */
  const scaffolderEnvironments = () =>
    readSlipwayEnvironments(
      new ConfigReader({
        slipway: {
          clusters: [{ name: 'local' }],
          environments: [A, B].map(name => ({
            name,
            cluster: 'local',
            repository: repo.dir,
            namespaces: [name],
          })),
        },
      }),
    );

  it('lets everyone run the actions that only write into the task workspace', async () => {
    const environments = scaffolderEnvironments();
    for (const user of [OWNER, OTHER, NOBODY]) {
      const as = (input: object) => ({
        ...createMockActionContext({ input: input as any }),
        getInitiatorCredentials: async () => mockCredentials.user(user),
      });
      const annotations = as({ environments: [A, B] });
      await createCatalogAnnotationsAction({ environments }).handler(
        annotations as any,
      );
      expect(annotations.output).toHaveBeenCalledWith('annotations', {
        'slipway.io/environments': `${A},${B}`,
      });
      const manifests = as({
        name: 'basket',
        image: 'registry.example.com/basket:1.0.0',
        port: 8080,
        environments: [A],
      });
      await createManifestsAction({ environments }).handler(manifests as any);
      expect(
        fs.readdirSync(path.join(manifests.workspacePath, 'config-repo')),
      ).not.toHaveLength(0);
    }
  });

  it('lets only users the policy allows propose a service to the config repository, and audits it', async () => {
    const auditor = mockServices.auditor.mock();
    const action = createConfigRepoPullRequestAction({
      environments: scaffolderEnvironments(),
      writer: ConfigRepoWriter.fromConfig(new ConfigReader({})),
      permissions: ownersOnly,
      auditor,
    });
    const propose = async (user: string) => {
      const ctx = {
        ...createMockActionContext({
          input: { service: 'basket', environments: [A] },
        }),
        getInitiatorCredentials: async () => mockCredentials.user(user),
      };
      const dir = path.join(
        ctx.workspacePath,
        'config-repo',
        'clusters',
        A,
        'basket',
      );
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'app.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: basket }\n',
      );
      await action.handler(ctx as any);
    };
    for (const user of [NOBODY, OTHER]) {
      await expect(propose(user)).rejects.toThrow(
        'Not allowed to slipway.service.create',
      );
    }
    expect(repo.git('branch', '--list', 'slipway/add-basket')).toBe('');
    await propose(OWNER);
    expect(
      repo.git('show', `slipway/add-basket:clusters/${A}/basket/app.yaml`),
    ).toContain('basket');
    expect(auditor.createEvent).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'config-repo-propose',
        meta: expect.objectContaining({
          service: 'basket',
          branch: 'slipway/add-basket',
        }),
      }),
    );
  });
});
