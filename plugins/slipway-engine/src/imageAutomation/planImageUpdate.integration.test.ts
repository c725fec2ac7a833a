import { TEST_CHART } from '../testUtils/testChart';
import {
  LocalRegistry,
  pushImage,
  resolveHelm,
  resolveKustomize,
} from '@slipway/local-cluster';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { pushChange } from '../git/pushChange';
import { createTestRepository } from '../testUtils/testRepository';
import { imageUpdateMessage, planImageUpdate } from './planImageUpdate';
import { ImageRegistries } from './registries/ImageRegistries';

jest.setTimeout(60_000);

const deployment = (image: string, marker = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  selector:
    matchLabels: { app: checkout }
  template:
    metadata:
      labels: { app: checkout }
    spec:
      containers:
        - name: app
          image: ${image}${marker}
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
`;

describe('planImageUpdate with a real registry and a real Git repository', () => {
  let registry: LocalRegistry;
  let root: string;
  let repo: ReturnType<typeof createTestRepository>;
  let git: GitRepositoryCache;
  let image: string;
  const registries = () =>
    new ImageRegistries({
      registries: [{ host: registry.host, insecure: true }],
      cacheTtlMs: 0,
    });
  const push = (tag: string) =>
    pushImage({ registryUrl: registry.url, repository: 'shop/checkout', tag });
  const staging = {
    environment: 'staging',
    git: { url: '', branch: 'main' },
    path: 'clusters/staging/checkout',
  };

  beforeAll(async () => {
    registry = await LocalRegistry.start();
    image = `${registry.host}/shop/checkout`;
  });
  afterAll(() => registry.stop());

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'image-update-'));
    repo = createTestRepository(path.join(root, 'config'));
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    staging.git.url = repo.dir;
    git = new GitRepositoryCache(path.join(root, 'cache'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  /** Plans with the policy and, like the backend, commits what it plans. */
  const automate = async (policy: object) => {
    const plan = await planImageUpdate({
      git,
      target: staging,
      policy: { pinDigest: false, image, ...policy },
      registries: registries(),
      kustomize: resolveKustomize(),
      helm: resolveHelm(),
    });
    if (plan.changes.length > 0) {
      await pushChange({
        source: staging.git,
        change: {
          files: plan.files,
          message: imageUpdateMessage({
            service: 'checkout',
            environment: 'staging',
            plan,
            policy: { pinDigest: false, semver: '^1.0.0' },
            registry: registry.host,
          }),
          author: { name: 'Slipway', email: 'slipway@noreply.local' },
        },
      });
    }
    return plan;
  };
  const commits = () => Number(repo.git('rev-list', '--count', 'HEAD'));

  it("bumps the tag in a chart release's own values file, comments kept", async () => {
    repo.commit(
      {
        ...TEST_CHART,
        'clusters/staging/checkout/slipway-chart.yaml': `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart: { path: ../../../charts/web }
release: { name: checkout }
valuesFiles: [values.yaml]
`,
        'clusters/staging/checkout/values.yaml': `image:
  repository: ${image}
  tag: "1.0.0" # image automation writes here
`,
      },
      'checkout 1.0.0 from the chart',
    );
    await push('1.0.0');
    await push('1.1.0');
    const plan = await automate({ semver: '^1.0.0' });
    expect(plan.changes).toEqual([
      {
        file: 'clusters/staging/checkout/values.yaml',
        name: image,
        from: `${image}:1.0.0`,
        to: `${image}:1.1.0`,
      },
    ]);
    expect(
      await fs.readFile(
        path.join(repo.dir, 'clusters/staging/checkout/values.yaml'),
        'utf8',
      ),
    ).toBe(
      `image:\n  repository: ${image}\n  tag: "1.1.0" # image automation writes here\n`,
    );
    expect((await automate({ semver: '^1.0.0' })).changes).toEqual([]);
  });

  it("sets the overlay's kustomize image once, never back to an older version", async () => {
    repo.commit(
      {
        'base/checkout/deployment.yaml': deployment(`${image}:1.0.0`),
        'base/checkout/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'clusters/staging/checkout/kustomization.yaml':
          '# staging takes every 1.x\nresources: [../../../base/checkout]\n',
      },
      'checkout 1.0.0',
    );
    await push('1.0.0');
    await push('1.1.0');
    await push('2.0.0');

    const plan = await automate({ semver: '^1.0.0' });
    expect(plan.inGit.tag).toBe('1.0.0');
    expect(plan.newest?.tag).toBe('1.1.0');
    expect(commits()).toBe(2);
    expect(repo.git('log', '-1', '--format=%s')).toBe(
      `Update checkout in staging: ${image} (from the base) → ${image}:1.1.0`,
    );
    const kustomization = await fs.readFile(
      path.join(repo.dir, 'clusters/staging/checkout/kustomization.yaml'),
      'utf8',
    );
    expect(kustomization).toContain('# staging takes every 1.x');
    expect(kustomization).toContain(`- name: ${image}\n    newTag: 1.1.0`);

    // Nothing new: no second commit.
    expect((await automate({ semver: '^1.0.0' })).changes).toEqual([]);
    expect(commits()).toBe(2);

    // Someone pins 1.2.0 by hand before it is pushed: automation does not go back to 1.1.0.
    repo.git('checkout', '-q', '.');
    await fs.writeFile(
      path.join(repo.dir, 'clusters/staging/checkout/kustomization.yaml'),
      kustomization.replace('1.1.0', '1.2.0'),
    );
    repo.commit({}, 'pin 1.2.0');
    expect((await automate({ semver: '^1.0.0' })).changes).toEqual([]);
    expect(commits()).toBe(3);

    // A hotfix outside the policy, set by hand, is left alone and said so.
    repo.git('checkout', '-q', '.');
    await fs.writeFile(
      path.join(repo.dir, 'clusters/staging/checkout/kustomization.yaml'),
      kustomization.replace('1.1.0', '1.1.0-hotfix.1'),
    );
    repo.commit({}, 'hotfix');
    const held = await automate({ semver: '^1.0.0' });
    expect(held.changes).toEqual([]);
    expect(held.held).toBe(
      `staging runs ${image}:1.1.0-hotfix.1, which the policy (semver ^1.0.0) does not accept: a version set by hand is left alone until Git holds one the policy accepts`,
    );
    expect(commits()).toBe(4);
  });

  it('pins by digest, and rewrites only marked image lines of plain manifests', async () => {
    repo.commit(
      {
        'clusters/staging/checkout/app.yaml': deployment(
          `${image}:build-9`,
          ' # slipway:image',
        ),
      },
      'checkout build-9',
    );
    await push('build-9');
    const digest = await push('build-10');
    await push('build-8');

    const plan = await automate({
      regex: '^build-(\\d+)$',
      order: 'numerical',
      pinDigest: true,
    });
    expect(plan.newest).toEqual({ name: image, tag: 'build-10', digest });
    const app = await fs.readFile(
      path.join(repo.dir, 'clusters/staging/checkout/app.yaml'),
      'utf8',
    );
    expect(app).toContain(`image: ${image}:build-10@${digest} # slipway:image`);
    expect(app).toContain('image: envoyproxy/envoy:v1.31.0\n');
  });

  it('refuses plain manifests without a marker, and a policy for an image the environment does not run', async () => {
    repo.commit(
      { 'clusters/staging/checkout/app.yaml': deployment(`${image}:1.0.0`) },
      'checkout 1.0.0',
    );
    await push('1.1.0');
    await expect(automate({ semver: '^1.0.0' })).rejects.toThrow(
      `staging's manifests (clusters/staging/checkout) are plain YAML with no image line marked for automation: end the line "image: ${image}:1.0.0" with "# slipway:image"`,
    );
    await expect(
      automate({ semver: '^1.0.0', image: `${registry.host}/shop/other` }),
    ).rejects.toThrow(`staging does not run ${registry.host}/shop/other at`);
    await expect(
      automate({ semver: '^1.0.0', image: undefined }),
    ).rejects.toThrow(`staging runs 2 images at`);
    expect(commits()).toBe(1);
  });
});
