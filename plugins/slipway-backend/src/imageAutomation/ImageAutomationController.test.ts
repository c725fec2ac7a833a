import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigRepoWriter } from '@slipway/backstage-plugin-slipway-node';
import { GitRepositoryCache, ImageRegistries } from '@slipway/engine';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  LocalRegistry,
  pushImage,
  resolveKustomize,
} from '@slipway/local-cluster';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStores } from '../store/openStores';
import { ImageAutomationStore } from '../store/ImageAutomationStore';
import type { ReleaseStore } from '../store/ReleaseStore';
import type { DeliveryStore } from '../store/DeliveryStore';
import { ImageAutomationController } from './ImageAutomationController';

jest.setTimeout(60_000);

const BRANCH = 'slipway/image-checkout-staging';

/**
 * Pull-request mode against a Git server that is not GitHub: the proposal
 * is a branch; the same image is never proposed twice, a newer one moves the
 * branch, and the environment's branch is never written.
 */
describe('ImageAutomationController in pull-request mode', () => {
  let registry: LocalRegistry;
  let db: Knex;
  let root: string;
  let repo: ReturnType<typeof createTestRepository>;
  let controller: ImageAutomationController;
  let automation: ImageAutomationStore;
  let releases: ReleaseStore;
  let targets: DeliveryStore;
  const push = (tag: string) =>
    pushImage({ registryUrl: registry.url, repository: 'shop/checkout', tag });
  const proposal = () => repo.git('rev-parse', '--verify', '--quiet', BRANCH);

  beforeAll(async () => {
    registry = await LocalRegistry.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'image-pr-'));
    repo = createTestRepository(path.join(root, 'config'));
    const image = `${registry.host}/shop/checkout`;
    repo.commit(
      {
        'clusters/staging/checkout/kustomization.yaml': `resources: [app.yaml]\nimages:\n  - name: ${image}\n    newTag: 1.0.0\n`,
        'clusters/staging/checkout/app.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: checkout }\nspec:\n  selector: { matchLabels: { app: checkout } }\n  template:\n    metadata: { labels: { app: checkout } }\n    spec:\n      containers: [{ name: app, image: ${image} }]\n`,
      },
      'checkout 1.0.0',
    );
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const database = mockServices.database.mock({
      getClient: async () => db,
    });
    const {
      delivery: store,
      imageAutomation,
      releases: releaseStore,
    } = await openStores(database);
    automation = imageAutomation;
    releases = releaseStore;
    targets = store;
    await store.syncTargets(
      [
        {
          id: 'component:default/checkout#staging',
          entityRef: 'component:default/checkout',
          spec: {
            service: 'checkout',
            environment: 'staging',
            cluster: 'local',
            repository: repo.dir,
            branch: 'main',
            path: 'clusters/staging/checkout',
            defaultNamespace: 'staging',
            allowedNamespaces: ['staging'],
            kindPolicy: {},
            driftMode: 'correct',
            intervalSeconds: 60,
            progressDeadlineSeconds: 600,
            imageAutomation: {
              mode: 'pull-request',
              policy: { semver: '^1.0.0', pinDigest: false },
            },
          },
        },
      ],
      Date.now(),
    );
    controller = new ImageAutomationController({
      store,
      automation,
      git: new GitRepositoryCache(path.join(root, 'cache')),
      credentialsFor: async () => undefined,
      writer: ConfigRepoWriter.fromConfig(new ConfigReader({}), {
        workDir: path.join(root, 'work'),
      }),
      registries: new ImageRegistries({
        registries: [{ host: registry.host, insecure: true }],
        cacheTtlMs: 0,
      }),
      logger: mockServices.logger.mock(),
      intervalMs: 1000,
      tools: { kustomize: resolveKustomize() },
      releases,
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await registry?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('proposes a new image once on its own branch, and moves the branch for a newer one', async () => {
    const main = repo.git('rev-parse', 'main');
    await push('1.0.0');
    await push('1.1.0');
    let now = Date.now();
    await controller.run(now);
    const record = await automation.get('component:default/checkout#staging');
    expect(record?.error).toBeUndefined();
    const first = proposal();
    expect(repo.git('log', '-1', '--format=%s', BRANCH)).toMatch(
      /^Update checkout in staging: .*:1\.0\.0 → .*:1\.1\.0$/,
    );
    expect(record).toMatchObject({
      newest: `${registry.host}/shop/checkout:1.1.0`,
      inGit: `${registry.host}/shop/checkout:1.0.0`,
      lastWritten: `${registry.host}/shop/checkout:1.1.0`,
      lastCommit: { revision: first },
    });

    for (let i = 0; i < 3; i++) {
      now += 60_000;
      await controller.run(now);
    }
    expect(proposal()).toBe(first);

    await push('1.2.0');
    now += 60_000;
    await controller.run(now);
    expect(proposal()).not.toBe(first);
    expect(repo.git('log', '-1', '--format=%s', BRANCH)).toMatch(
      /→ .*:1\.2\.0$/,
    );
    expect(repo.git('rev-list', '--count', BRANCH)).toBe('2');
    expect(repo.git('rev-parse', 'main')).toBe(main);
  });

  it('holds a tag whose release failed its canary here, even pushed again, proposes it once the hold is released, and takes the next newer one', async () => {
    const image = (tag: string) => `${registry.host}/shop/checkout:${tag}`;
    // 1.3.0 reached staging and its canary failed (Slipway reverted it).
    await releases.record({
      targetId: 'component:default/checkout#staging',
      service: 'checkout',
      environment: 'staging',
      revision: 'f'.repeat(40),
      renderedHash: 'h130',
      images: [image('1.3.0')],
      message: 'Update checkout in staging: 1.2.0 → 1.3.0',
      author: 'Slipway <slipway@noreply.local>',
      committedAt: null,
      appliedAt: new Date().toISOString(),
    });
    const web = { service: 'checkout', environment: 'staging' };
    await releases.runStarted(
      { ...web, images: [image('1.3.0')] },
      'run-130',
      Date.now(),
    );
    await releases.runEnded(
      'run-130',
      'Failed',
      'rolled back: 2 failed checks',
      Date.now(),
    );
    const before = proposal();
    await push('1.3.0');
    let now = Date.now() + 10 * 60_000;
    await controller.run(now);
    const held = await automation.get('component:default/checkout#staging');
    expect(held).toMatchObject({
      newest: image('1.3.0'),
      error: `held: ${image(
        '1.3.0',
      )} failed its canary in staging (rolled back: 2 failed checks); a newer tag is taken when one is pushed, or this one once the hold is released`,
    });
    expect(proposal()).toBe(before);

    // Released from the tab: the same tag is proposed after all.
    const [hold] = await releases.holds('component:default/checkout#staging');
    expect(hold.hold).toMatchObject({
      by: 'canary run run-130',
      reason: 'rolled back: 2 failed checks',
    });
    expect(
      await releases.releaseHold(
        'component:default/checkout#staging',
        hold.id,
        'user:default/ada',
        'the failure was the metrics, not the version',
        Date.now(),
      ),
    ).toBe(true);
    now += 60_000;
    await controller.run(now);
    expect(repo.git('log', '-1', '--format=%s', BRANCH)).toMatch(
      /→ .*:1\.3\.0$/,
    );
    expect(await releases.holds('component:default/checkout#staging')).toEqual(
      [],
    );

    await push('1.4.0');
    now += 60_000;
    await controller.run(now);
    expect(repo.git('log', '-1', '--format=%s', BRANCH)).toMatch(
      /→ .*:1\.4\.0$/,
    );
    expect(
      (await automation.get('component:default/checkout#staging'))?.error,
    ).toBeUndefined();
  });

  it('writes nothing while staging is frozen, says so, and proposes the tag once the freeze ends', async () => {
    const id = 'component:default/checkout#staging';
    const image = (tag: string) => `${registry.host}/shop/checkout:${tag}`;
    const now = Date.now() + 30 * 60_000;
    await targets.setFrozen(id, {
      since: Date.now(),
      until: now + 60 * 60_000,
      by: 'user:default/ada',
      reason: 'release day',
    });
    const before = proposal();
    await push('1.5.0');
    await controller.run(now);
    expect((await automation.get(id))?.error).toBe(
      `waiting: staging is frozen until ${new Date(
        now + 60 * 60_000,
      ).toISOString()} (release day, by user:default/ada); ${image(
        '1.5.0',
      )} is proposed when it ends`,
    );
    expect(proposal()).toBe(before);

    await targets.setFrozen(id, null);
    await controller.run(now + 60_000);
    expect(repo.git('log', '-1', '--format=%s', BRANCH)).toMatch(
      /→ .*:1\.5\.0$/,
    );
  });
});
