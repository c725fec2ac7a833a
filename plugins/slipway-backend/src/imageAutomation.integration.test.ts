import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  applyManifests,
  LocalRegistry,
  pushImage,
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
const REPOSITORY = 'shop/checkout';
const CREDENTIALS = { username: 'slipway', password: 'pull-secret' };

/**
 * CI pushes an image to a real registry (docker-registry with a token
 * service); the backend's image automation finds it, commits it to a real
 * config repository by the service's policy, and the reconciler and canary
 * engine take it from there on the local control plane.
 */
describe('image automation through the backend plugin', () => {
  let ns: TestNamespace;
  let kc: KubeConfig;
  let registry: LocalRegistry;
  let repo: ReturnType<typeof createTestRepository>;
  let stop: () => Promise<void>;
  let server: any;
  let image: string;

  const push = (tag: string) =>
    pushImage({
      registryUrl: registry.url,
      repository: REPOSITORY,
      tag,
      authorization: registry.authorization(REPOSITORY),
    });
  const commits = () => Number(repo.git('rev-list', '--count', 'HEAD'));
  const automation = async () => {
    const res = await request(server)
      .get('/api/slipway/entities/component/default/checkout/delivery')
      .set('authorization', mockCredentials.user.header());
    return res.body.items[0].imageAutomation;
  };
  /** The automation status once it has checked the registry after `since`. */
  const checkedAfter = (since: number) =>
    eventually(`an image automation check after ${since}`, async () => {
      const status = await automation();
      return status?.checkedAt && Date.parse(status.checkedAt) > since
        ? status
        : undefined;
    });
  const deploymentImage = async () =>
    (
      await kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'checkout', namespace: ns.namespace })
    ).spec?.template?.spec?.containers[0].image;

  beforeAll(async () => {
    ns = await acquireTestNamespace('image-automation');
    kc = ns.kubeConfig;
    await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-tests');
    registry = await LocalRegistry.start({
      auth: { type: 'token', ...CREDENTIALS },
    });
    image = `${registry.host}/${REPOSITORY}`;
    await push('1.0.0');

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-images-'));
    repo = createTestRepository(path.join(root, 'config'));
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    repo.commit(
      {
        'base/checkout/kustomization.yaml':
          'resources: [deployment.yaml, canary.yaml]\n',
        'base/checkout/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout }
spec:
  selector: { matchLabels: { app: checkout } }
  template:
    metadata: { labels: { app: checkout } }
    spec:
      containers:
        - name: app
          image: ${image}:1.0.0
`,
        'base/checkout/canary.yaml': `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: checkout }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: checkout }
  service: { port: 80, targetPort: 8080 }
  analysis: { interval: 30s, threshold: 2, iterations: 2 }
`,
        'clusters/images/checkout/kustomization.yaml': `namespace: ${ns.namespace}
resources: [../../../base/checkout]
`,
      },
      'checkout 1.0.0',
    );

    const entity = component('checkout', 'images');
    entity.metadata.annotations!['slipway.io/image-policy'] = 'semver: ^1.0.0';
    const backend = await startDeliveryBackend({
      cluster: await engineClusterConfig(kc, [ns.namespace]),
      environments: [
        {
          name: 'images',
          cluster: 'local',
          repository: `file://${repo.dir}`,
          branch: 'main',
          namespaces: [ns.namespace],
          interval: 30,
          imageAutomation: { mode: 'commit' },
        },
      ],
      entities: [entity],
      reconcile: { kustomizePath: resolveKustomize() },
      imageAutomation: {
        interval: 1,
        registries: [
          {
            host: registry.host,
            insecure: true,
            tokenRealms: [registry.tokenRealmHost!],
            ...CREDENTIALS,
          },
        ],
      },
    });
    server = backend.server;
    stop = () => backend.stop();
    await eventually(
      'the Canary Initialized',
      async () =>
        (await canaryStatus(kc, ns.namespace, 'checkout'))?.phase ===
        'Initialized',
      120_000,
    ).catch(async e => {
      const res = await request(server)
        .get('/api/slipway/entities/component/default/checkout/delivery')
        .set('authorization', mockCredentials.user.header());
      console.log(JSON.stringify(res.body, null, 1).slice(0, 4000));
      throw e;
    });
  });
  afterAll(async () => {
    await stop?.();
    await registry?.stop();
    await ns?.release();
  });

  it('shows the policy, the newest matching image, the image in Git and the deployed one', async () => {
    const status = await eventually('the deployed image known', async () => {
      const s = await automation();
      return s?.deployed ? s : undefined;
    });
    expect(status).toMatchObject({
      policy: 'semver ^1.0.0',
      image,
      newest: `${image}:1.0.0`,
      inGit: `${image}:1.0.0`,
      deployed: `${image}:1.0.0`,
      error: null,
      lastCommit: null,
    });
    expect(commits()).toBe(1);
  });

  it('ignores a tag outside the policy', async () => {
    await push('2.0.0');
    const pushedAt = Date.now();
    const status = await checkedAfter(pushedAt);
    expect(status.newest).toBe(`${image}:1.0.0`);
    await checkedAfter(Date.parse(status.checkedAt));
    expect(commits()).toBe(1);
  });

  it('commits a new matching tag once; the reconciler applies it and a canary run starts', async () => {
    await push('1.1.0');
    const status = await eventually('the automation commit', async () => {
      const s = await automation();
      return s?.lastCommit ? s : undefined;
    });
    expect(commits()).toBe(2);
    expect(repo.git('log', '-1', '--format=%an: %s')).toBe(
      `Slipway: Update checkout in images: ${image} (from the base) → ${image}:1.1.0`,
    );
    expect(status.lastCommit.revision).toBe(repo.git('rev-parse', 'HEAD'));
    expect(status).toMatchObject({
      newest: `${image}:1.1.0`,
      inGit: `${image}:1.1.0`,
    });

    await eventually(
      'the canary run of 1.1.0',
      async () =>
        (await deploymentImage()) === `${image}:1.1.0` &&
        ['Progressing', 'Promoting', 'Finalising', 'Succeeded'].includes(
          (await canaryStatus(kc, ns.namespace, 'checkout'))?.phase ?? '',
        ),
      90_000,
    );
    const deployed = await eventually('1.1.0 deployed', async () => {
      const s = await automation();
      return s?.deployed === `${image}:1.1.0` ? s : undefined;
    });
    // Later checks find Git up to date: still exactly one automation commit.
    await checkedAfter(Date.parse(deployed.checkedAt));
    expect(commits()).toBe(2);
  });

  it('says the registry is down, keeps what it knew, and commits nothing', async () => {
    await registry.pause();
    try {
      const status = await eventually('the registry error', async () => {
        const s = await automation();
        return s?.error ? s : undefined;
      });
      expect(status.error).toBe(
        `cannot reach registry ${registry.host} (http://${registry.host}): ECONNREFUSED`,
      );
      expect(status.newest).toBe(`${image}:1.1.0`);
      expect(status.lastCommit).not.toBeNull();
      expect(commits()).toBe(2);
      const metrics = await request(server).get('/api/slipway/metrics');
      expect(metrics.text).toMatch(
        /slipway_image_automation_checks_total\{environment="images",result="written"\} 1\n/,
      );
      expect(metrics.text).toMatch(
        /slipway_image_automation_checks_total\{environment="images",result="failed"\} [1-9]/,
      );
    } finally {
      await registry.resume();
    }
  });
});
