import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createConfigRepoPullRequestAction,
  createManifestsAction,
} from '@slipway/backstage-plugin-scaffolder-backend-module-slipway';
import { ConfigRepoWriter } from '@slipway/backstage-plugin-slipway-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  applyManifests,
  resolveHelm,
  resolveKustomize,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
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

const CRD = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  '../../deploy/crds/canaries.slipway.io.yaml',
);

/**
 * A service as the Software Template creates it: the scaffolder actions
 * render its manifests and propose them to a real config repository, a
 * reviewer merges, the API server accepts them, the reconciler and the
 * canary engine take the service up, and the Promote action moves a new
 * version from one environment to the next as a commit.
 */
describe('a new service from the scaffolder actions', () => {
  const namespaces: TestNamespace[] = [];
  let kc: KubeConfig;
  let repo: ReturnType<typeof createTestRepository>;
  let stop: () => Promise<void>;
  let server: any;
  let environments: any[];

  beforeAll(async () => {
    namespaces.push(
      await acquireTestNamespace('new-service-a'),
      await acquireTestNamespace('new-service-b'),
    );
    kc = namespaces[0].kubeConfig;
    await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-tests');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-new-'));
    repo = createTestRepository(path.join(root, 'config'));
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    repo.commit({ 'README.md': 'config repository\n' }, 'initial');
    environments = ['newsvc-a', 'newsvc-b'].map((name, i) => ({
      name,
      cluster: 'local',
      repository: `file://${repo.dir}`,
      branch: 'main',
      path: 'clusters/{environment}/{service}',
      namespaces: [namespaces[i].namespace],
      interval: 2,
      driftMode: 'correct',
      progressDeadlineSeconds: 600,
      promotion: { mode: 'commit' },
    }));
  });
  afterAll(async () => {
    await stop?.();
    for (const ns of namespaces) {
      await ns.release();
    }
  });

  /** Runs the template's two actions on a manifests context, and the reviewer merges the proposal. */
  async function createAndMerge(
    ctx: ReturnType<typeof createMockActionContext<any>>,
  ) {
    const parsedEnvironments = environments.map(e => ({ ...e }));
    await createManifestsAction({ environments: parsedEnvironments }).handler(
      ctx,
    );
    const service = ctx.input.name;
    const proposal = createMockActionContext({
      input: {
        service,
        environments: ['newsvc-a', 'newsvc-b'],
        sourcePath: 'config-repo',
      },
      workspacePath: ctx.workspacePath,
    });
    await createConfigRepoPullRequestAction({
      environments: parsedEnvironments,
      writer: ConfigRepoWriter.fromConfig(new ConfigReader({})),
      permissions: mockServices.permissions(),
    }).handler(proposal);
    expect(proposal.output).toHaveBeenCalledWith(
      'branch',
      `slipway/add-${service}`,
    );
    repo.git('merge', '--quiet', '--ff-only', `slipway/add-${service}`);
  }

  /** Promotes a service from newsvc-a into newsvc-b through the API, once newsvc-a's release is there to promote. */
  const promoteIntoB = (service: string) =>
    eventually('the promotion accepted', async () => {
      const response = await request(server)
        .post(
          `/api/slipway/entities/component/default/${service}/environments/newsvc-b/promote`,
        )
        .set('authorization', mockCredentials.user.header())
        .send({ reason: 'healthy in newsvc-a' });
      return response.status === 201 ? response : undefined;
    });

  const apps = () => kc.makeApiClient(AppsV1Api);
  const phaseIn = async (namespace: string, name = 'orders') =>
    (await canaryStatus(kc, namespace, name))?.phase;
  const imageIn = async (namespace: string, name: string) =>
    (await apps().readNamespacedDeployment({ name, namespace })).spec?.template
      ?.spec?.containers[0].image;

  it('renders manifests the API server accepts, which the reconciler and the canary engine take up', async () => {
    const ctx = createMockActionContext({
      input: {
        name: 'orders',
        image: 'registry.example.com/orders:1.0.0',
        port: 8080,
        environments: ['newsvc-a', 'newsvc-b'],
        canary: {
          router: 'kubernetes' as const,
          stepWeights: [50],
          analysis: 'none' as const,
          minSuccessRate: 99,
        },
        autoscaling: { minReplicas: 1, maxReplicas: 3, cpu: 70 },
        layout: 'kustomize' as const,
        basePath: 'base/{service}',
        chartPath: 'charts/{service}',
        targetPath: 'config-repo',
      },
    });
    await createAndMerge(ctx);
    expect(repo.git('ls-files')).toContain(
      'clusters/newsvc-b/orders/kustomization.yaml',
    );

    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(
        kc,
        namespaces.map(n => n.namespace),
      ),
      environments,
      entities: [
        component('orders', 'newsvc-a,newsvc-b'),
        component('ledgers', 'newsvc-a,newsvc-b'),
      ],
      reconcile: { kustomizePath: resolveKustomize(), helmPath: resolveHelm() },
    });
    server = backend.server;
    stop = () => backend.stop();

    for (const ns of namespaces) {
      const status = await eventually(
        `the Canary in ${ns.namespace} Initialized`,
        async () => (await phaseIn(ns.namespace)) === 'Initialized',
        120_000,
      );
      expect(status).toBe(true);
      expect(await imageIn(ns.namespace, 'orders-primary')).toBe(
        'registry.example.com/orders:1.0.0',
      );
    }
    const deployment = await apps().readNamespacedDeployment({
      name: 'orders',
      namespace: namespaces[0].namespace,
    });
    expect(deployment.metadata?.labels).toMatchObject({
      'slipway.io/service': 'orders',
      'slipway.io/environment': 'newsvc-a',
    });
    const delivery = await request(server)
      .get('/api/slipway/entities/component/default/orders/delivery')
      .set('authorization', mockCredentials.user.header());
    const ready = delivery.body.items.map(
      (item: any) =>
        item.conditions.find((c: any) => c.type === 'Ready')?.status,
    );
    expect(ready).toEqual(['True', 'True']);
    expect(
      delivery.body.items[0].inventory
        .map((i: any) => `${i.ref.kind}/${i.ref.name}`)
        .sort(),
    ).toEqual([
      'Canary/orders',
      'Deployment/orders',
      'HorizontalPodAutoscaler/orders',
      'Service/orders',
    ]);
  });

  it('promotes the version the first environment applied into the second as a commit the reconciler applies', async () => {
    const [a, b] = namespaces.map(ns => ns.namespace);
    const overlay = 'clusters/newsvc-a/orders/kustomization.yaml';
    repo.commit(
      {
        [overlay]: fs
          .readFileSync(path.join(repo.dir, overlay), 'utf8')
          .replace('newTag: 1.0.0', 'newTag: 1.1.0'),
      },
      'orders 1.1.0 to newsvc-a',
    );
    await eventually(
      'newsvc-a promoted 1.1.0 by canary',
      async () =>
        (await canaryStatus(kc, a, 'orders'))?.phase === 'Succeeded' &&
        (await imageIn(a, 'orders-primary')) ===
          'registry.example.com/orders:1.1.0',
      150_000,
    );
    const promoted = await promoteIntoB('orders');
    expect(promoted.body).toMatchObject({
      mode: 'commit',
      changed: true,
      from: 'newsvc-a',
      to: 'newsvc-b',
      changes: [
        {
          file: 'clusters/newsvc-b/orders/kustomization.yaml',
          from: 'registry.example.com/orders:1.0.0',
          to: 'registry.example.com/orders:1.1.0',
        },
      ],
    });
    expect(repo.git('rev-parse', 'HEAD')).toBe(promoted.body.revision);
    await eventually(
      'newsvc-b runs 1.1.0',
      async () =>
        (await imageIn(b, 'orders')) === 'registry.example.com/orders:1.1.0',
      60_000,
    );
    const again = await request(server)
      .post(
        '/api/slipway/entities/component/default/orders/environments/newsvc-b/promote',
      )
      .set('authorization', mockCredentials.user.header())
      .send({});
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);
  });

  it('makes the same service as a Helm chart: each environment a release of it, a canary on the chart’s Deployment that succeeds and one that rolls back, promotion writing the values file', async () => {
    const [a, b] = namespaces.map(ns => ns.namespace);
    const image = 'registry.example.com/ledgers';
    await createAndMerge(
      createMockActionContext({
        input: {
          name: 'ledgers',
          image: `${image}:1.0.0`,
          port: 8080,
          environments: ['newsvc-a', 'newsvc-b'],
          canary: {
            router: 'kubernetes' as const,
            stepWeights: [50],
            analysis: 'none' as const,
            minSuccessRate: 99,
          },
          layout: 'helm' as const,
          basePath: 'base/{service}',
          chartPath: 'charts/{service}',
          targetPath: 'config-repo',
        },
      }),
    );
    expect(
      repo.git('ls-files', 'charts/ledgers', 'clusters/newsvc-a/ledgers'),
    ).toBe(
      [
        'charts/ledgers/Chart.yaml',
        'charts/ledgers/templates/canary.yaml',
        'charts/ledgers/templates/deployment.yaml',
        'charts/ledgers/templates/service.yaml',
        'charts/ledgers/values.yaml',
        'clusters/newsvc-a/ledgers/slipway-chart.yaml',
        'clusters/newsvc-a/ledgers/values.yaml',
      ].join('\n'),
    );
    for (const namespace of [a, b]) {
      await eventually(
        `the chart's Canary in ${namespace} Initialized`,
        async () => (await phaseIn(namespace, 'ledgers')) === 'Initialized',
        120_000,
      );
      expect(await imageIn(namespace, 'ledgers-primary')).toBe(
        `${image}:1.0.0`,
      );
    }
    const delivery = await request(server)
      .get('/api/slipway/entities/component/default/ledgers/delivery')
      .set('authorization', mockCredentials.user.header());
    expect(
      delivery.body.items.map((item: any) => [
        item.environment,
        item.chart?.name,
        item.chart?.version,
      ]),
    ).toEqual([
      ['newsvc-a', 'ledgers', '0.1.0'],
      ['newsvc-b', 'ledgers', '0.1.0'],
    ]);

    // A new tag in the first environment's values: its canary succeeds.
    const values = 'clusters/newsvc-a/ledgers/values.yaml';
    const valuesText = (tag: string, webhooks = '') =>
      fs
        .readFileSync(path.join(repo.dir, values), 'utf8')
        .replace(/tag: .*/, `tag: ${tag}${webhooks}`);
    repo.commit({ [values]: valuesText('1.1.0') }, 'ledgers 1.1.0 to newsvc-a');
    await eventually(
      'newsvc-a promoted ledgers 1.1.0 by canary',
      async () =>
        (await phaseIn(a, 'ledgers')) === 'Succeeded' &&
        (await imageIn(a, 'ledgers-primary')) === `${image}:1.1.0`,
      150_000,
    );

    // Promotion writes the tag into the next environment's values file.
    const promoted = await promoteIntoB('ledgers');
    expect(promoted.body.changes).toEqual([
      expect.objectContaining({
        file: 'clusters/newsvc-b/ledgers/values.yaml',
        from: `${image}:1.0.0`,
        to: `${image}:1.1.0`,
      }),
    ]);
    expect(
      fs.readFileSync(
        path.join(repo.dir, 'clusters/newsvc-b/ledgers/values.yaml'),
        'utf8',
      ),
    ).toMatch(
      /^# ledgers in newsvc-b: layered over [^\n]+\nimage:\n {2}tag: "?1\.1\.0"?\n$/,
    );
    await eventually(
      'newsvc-b rolls ledgers 1.1.0 out through its canary',
      async () => (await imageIn(b, 'ledgers-primary')) === `${image}:1.1.0`,
      150_000,
    );

    // A version whose smoke check fails (nothing listens on port 9): the canary rolls back.
    repo.commit(
      {
        [values]: valuesText(
          '1.2.0',
          '\ncanary:\n  webhooks:\n    - { name: smoke, type: rollout, url: "http://127.0.0.1:9/smoke" }\ndatabase:\n  password: hunter2',
        ),
      },
      'ledgers 1.2.0 to newsvc-a, with a smoke check',
    );
    await eventually(
      'the 1.2.0 canary failed in newsvc-a',
      async () => (await phaseIn(a, 'ledgers')) === 'Failed',
      150_000,
    );
    expect(await imageIn(a, 'ledgers-primary')).toBe(`${image}:1.1.0`);
    // Slipway reverts the failed version in Git (the environment commits).
    await eventually(
      'the revert of 1.2.0 in Git',
      async () =>
        fs.readFileSync(path.join(repo.dir, values), 'utf8').includes('1.1.0'),
      60_000,
    );

    // The failed release's diff: the chart and what changed in its values, the password masked.
    const releases = await request(server)
      .get('/api/slipway/entities/component/default/ledgers/releases')
      .set('authorization', mockCredentials.user.header());
    const failed = releases.body.items.find(
      (r: any) => r.environment === 'newsvc-a' && r.verdict === 'failed',
    );
    const diff = await request(server)
      .get(
        `/api/slipway/entities/component/default/ledgers/environments/newsvc-a/releases/${failed.id}/diff`,
      )
      .set('authorization', mockCredentials.user.header());
    expect(diff.status).toBe(200);
    expect(JSON.stringify(diff.body)).not.toContain('hunter2');
    expect(diff.body.chart).toEqual({
      before: expect.objectContaining({ name: 'ledgers', version: '0.1.0' }),
      after: expect.objectContaining({ name: 'ledgers', version: '0.1.0' }),
      values: [
        {
          path: 'canary',
          after: {
            webhooks: [
              {
                name: 'smoke',
                type: 'rollout',
                url: 'http://127.0.0.1:9/smoke',
              },
            ],
          },
        },
        {
          path: 'database',
          after: {
            password: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
          },
        },
        { path: 'image.tag', before: '1.1.0', after: '1.2.0' },
      ],
    });
  });
});
