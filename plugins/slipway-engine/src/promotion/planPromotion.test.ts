import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { pushChange } from '../git/pushChange';
import { createTestRepository } from '../testUtils/testRepository';
import { planPromotion, promotionMessage } from './planPromotion';

const deployment = (env: string, tag: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: ${env}
spec:
  selector:
    matchLabels: { app: checkout }
  template:
    metadata:
      labels: { app: checkout }
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/checkout:${tag}
`;

describe('promotion through a real Git repository', () => {
  let root: string;
  let repo: ReturnType<typeof createTestRepository>;
  let git: GitRepositoryCache;
  const env = (environment: string) => ({
    environment,
    git: { url: repo.dir, branch: 'main' },
    path: `clusters/${environment}/checkout`,
  });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'promote-'));
    repo = createTestRepository(path.join(root, 'config'));
    // A push to the checked-out branch updates the work tree, as in the demo.
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    repo.commit(
      {
        'clusters/staging/checkout/app.yaml': deployment('staging', '2.1.0'),
        'clusters/production/checkout/app.yaml': deployment(
          'production',
          '2.1.0',
        ),
      },
      'checkout 2.1.0',
    );
    git = new GitRepositoryCache(path.join(root, 'cache'));
  });

  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('promotes the version staging applied, not a newer head, as one commit', async () => {
    const applied = repo.commit(
      { 'clusters/staging/checkout/app.yaml': deployment('staging', '2.2.0') },
      'checkout 2.2.0 to staging',
    );
    repo.commit(
      {
        'clusters/staging/checkout/app.yaml': deployment(
          'staging',
          '2.3.0-rc1',
        ),
      },
      'checkout 2.3.0-rc1 to staging (not applied yet)',
    );

    const plan = await planPromotion({
      git,
      from: { ...env('staging'), revision: applied },
      to: env('production'),
    });
    expect(plan.changes).toEqual([
      {
        file: 'clusters/production/checkout/app.yaml',
        name: 'ghcr.io/acme/checkout',
        from: 'ghcr.io/acme/checkout:2.1.0',
        to: 'ghcr.io/acme/checkout:2.2.0',
      },
    ]);
    const message = promotionMessage({
      service: 'checkout',
      from: 'staging',
      to: 'production',
      plan,
      by: 'user:default/ada',
      reason: 'soaked a day',
    });
    const pushed = await pushChange({
      source: { url: repo.dir, branch: 'main' },
      change: {
        files: plan.files,
        message,
        author: { name: 'Ada', email: 'ada@example.com' },
      },
      workDir: root,
    });

    expect(repo.git('rev-parse', 'HEAD')).toBe(pushed.revision);
    expect(repo.git('log', '-1', '--format=%s')).toBe(
      'Promote checkout to production: checkout:2.1.0 → checkout:2.2.0',
    );
    expect(repo.git('log', '-1', '--format=%an')).toBe('Ada');
    expect(repo.git('show', '--stat', '--format=', 'HEAD')).toContain(
      'clusters/production/checkout/app.yaml | 2 +-',
    );
    expect(
      await fs.readFile(
        path.join(repo.dir, 'clusters/production/checkout/app.yaml'),
        'utf8',
      ),
    ).toBe(deployment('production', '2.2.0'));

    const again = await planPromotion({
      git,
      from: { ...env('staging'), revision: applied },
      to: env('production'),
    });
    expect(again.changes).toEqual([]);
  });

  it('pushes to a branch of its own, and a retry rewrites that branch', async () => {
    const change = (tag: string) => ({
      files: {
        'clusters/production/checkout/app.yaml': deployment('production', tag),
      },
      message: `checkout ${tag}`,
      author: { name: 'Slipway', email: 'slipway@example.com' },
    });
    const source = { url: repo.dir, branch: 'main' };
    const first = await pushChange({
      source,
      change: change('2.2.0'),
      toBranch: 'slipway/promote-checkout',
      workDir: root,
    });
    const second = await pushChange({
      source,
      change: change('2.2.1'),
      toBranch: 'slipway/promote-checkout',
      workDir: root,
    });
    expect(first.revision).not.toBe(second.revision);
    expect(repo.git('rev-parse', 'slipway/promote-checkout')).toBe(
      second.revision,
    );
    expect(
      repo.git('log', '--format=%s', 'main..slipway/promote-checkout'),
    ).toBe('checkout 2.2.1');
    expect(
      await fs.readFile(
        path.join(repo.dir, 'clusters/production/checkout/app.yaml'),
        'utf8',
      ),
    ).toContain('2.1.0');
  });

  it('says so when the target does not run the source images', async () => {
    repo.commit(
      {
        'clusters/production/checkout/app.yaml': deployment(
          'production',
          '1',
        ).replace('acme/checkout', 'acme/other'),
      },
      'other image',
    );
    await expect(
      planPromotion({ git, from: env('staging'), to: env('production') }),
    ).rejects.toThrow(
      'production runs none of the images of staging (ghcr.io/acme/checkout)',
    );
  });

  it('says so, instead of "nothing to change", when it cannot find the image field to rewrite', async () => {
    repo.commit(
      {
        'clusters/staging/checkout/app.yaml': deployment('staging', '2.2.0'),
        'clusters/production/checkout/app.yaml': deployment(
          'production',
          '2.1.0',
        ).replace(
          /containers:\n\s+- name: app\n\s+image: (\S+)/,
          'containers: [{ name: app, image: $1 }]',
        ),
      },
      'production in flow style',
    );
    await expect(
      planPromotion({ git, from: env('staging'), to: env('production') }),
    ).rejects.toThrow(
      'production runs ghcr.io/acme/checkout at another version, but no image field of it in clusters/production/checkout can be rewritten',
    );
  });
});
