import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { pushChange } from '../git/pushChange';
import { createTestRepository } from '../testUtils/testRepository';
import { PromotionError } from './planPromotion';
import { planRestore } from './planRestore';

describe('restoring a service directory through a real Git repository', () => {
  let root: string;
  let repo: ReturnType<typeof createTestRepository>;
  let git: GitRepositoryCache;
  const source = () => ({ url: repo.dir, branch: 'main' });
  const restore = (toRevision: string, servicePath = 'clusters/staging/web') =>
    planRestore({ git, source: source(), path: servicePath, toRevision });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'restore-'));
    repo = createTestRepository(path.join(root, 'config'));
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    git = new GitRepositoryCache(path.join(root, 'cache'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('writes back what changed and deletes what was added in the service directory only, and pushes as one commit', async () => {
    const good = repo.commit(
      {
        'clusters/staging/web/app.yaml': 'image: web:1\n',
        'clusters/staging/web/config/env.yaml': 'LEVEL: info\n',
        'clusters/staging/api/app.yaml': 'image: api:1\n',
      },
      'web 1',
    );
    repo.commit(
      {
        'clusters/staging/web/app.yaml': 'image: web:2\n',
        'clusters/staging/web/config/extra.yaml': 'EXTRA: yes\n',
        'clusters/staging/api/app.yaml': 'image: api:2\n',
      },
      'web 2, api 2',
    );
    const head = repo.git('rev-parse', 'HEAD');
    const plan = await restore(good);
    expect(plan).toEqual({
      baseRevision: head,
      files: {
        'clusters/staging/web/app.yaml': 'image: web:1\n',
        'clusters/staging/web/config/extra.yaml': null,
      },
      before: {
        'clusters/staging/web/app.yaml': 'image: web:2\n',
        'clusters/staging/web/config/extra.yaml': 'EXTRA: yes\n',
      },
    });
    const pushed = await pushChange({
      source: source(),
      change: {
        files: plan.files,
        message: 'Revert web',
        author: { name: 'Slipway', email: 'slipway@noreply.local' },
      },
    });
    expect(
      repo
        .git('diff', '--name-only', `${head}..${pushed.revision}`)
        .split('\n'),
    ).toEqual([
      'clusters/staging/web/app.yaml',
      'clusters/staging/web/config/extra.yaml',
    ]);
    expect(await restore(good)).toEqual({
      baseRevision: pushed.revision,
      files: {},
      before: {},
    });
  });

  it('refuses a directory holding a symbolic link, a path outside the repository, and a revision without the directory', async () => {
    const first = repo.commit(
      { 'clusters/staging/api/app.yaml': 'x: 1\n' },
      'api',
    );
    await fs.mkdir(path.join(repo.dir, 'clusters/staging/web'), {
      recursive: true,
    });
    await fs.symlink(
      '/etc/hostname',
      path.join(repo.dir, 'clusters/staging/web/app.yaml'),
    );
    const linked = repo.commit({}, 'web as a link');
    repo.commit({ 'clusters/staging/web/app.yaml': null }, 'web');
    await expect(restore(linked)).rejects.toThrow(
      `clusters/staging/web at ${linked.slice(
        0,
        12,
      )} holds a symbolic link (app.yaml), which a restore does not write: restore it by hand`,
    );
    await expect(restore(linked, '../outside')).rejects.toThrow(PromotionError);
    await expect(restore(first)).rejects.toThrow(
      /^clusters\/staging\/web cannot be read at /,
    );
  });
});
