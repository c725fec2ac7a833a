import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigRepoWriter } from '@slipway/backstage-plugin-slipway-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testEnvironment } from '../__testUtils__/testEnvironment';
import { createConfigRepoPullRequestAction } from './configRepoPullRequest';

describe('slipway:config-repo:pull-request on a Git server that is not GitHub', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'config-pr-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('pushes a branch with the files and leaves the followed branch alone', async () => {
    const repo = createTestRepository(path.join(root, 'config'));
    const main = repo.commit({ 'README.md': 'config\n' }, 'initial');
    const action = createConfigRepoPullRequestAction({
      environments: [testEnvironment('staging', `file://${repo.dir}`)],
      writer: ConfigRepoWriter.fromConfig(new ConfigReader({}), {
        workDir: root,
      }),
      permissions: mockServices.permissions(),
    });
    const ctx = createMockActionContext({
      input: {
        service: 'orders',
        environments: ['staging'],
        sourcePath: 'config-repo',
      },
    });
    await fs.mkdir(
      path.join(ctx.workspacePath, 'config-repo/clusters/staging/orders'),
      { recursive: true },
    );
    await fs.writeFile(
      path.join(
        ctx.workspacePath,
        'config-repo/clusters/staging/orders/kustomization.yaml',
      ),
      'resources: []\n',
    );

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('mode', 'branch');
    expect(ctx.output).toHaveBeenCalledWith('branch', 'slipway/add-orders');
    expect(repo.git('rev-parse', 'main')).toBe(main);
    expect(
      repo.git(
        'show',
        'slipway/add-orders:clusters/staging/orders/kustomization.yaml',
      ),
    ).toBe('resources: []');
    expect(
      repo.git('log', '-1', '--format=%s%n%an', 'slipway/add-orders'),
    ).toBe('Add orders to staging\nSlipway');
    expect(repo.git('rev-parse', 'slipway/add-orders^')).toBe(main);
  });

  it('refuses a branch an environment reconciles from, and moves none', async () => {
    const repo = createTestRepository(path.join(root, 'config'));
    const main = repo.commit({ 'README.md': 'config\n' }, 'initial');
    repo.git('branch', 'release');
    const action = createConfigRepoPullRequestAction({
      environments: [
        testEnvironment('staging', `file://${repo.dir}`),
        testEnvironment('production', `file://${repo.dir}`, {
          branch: 'release',
        }),
      ],
      writer: ConfigRepoWriter.fromConfig(new ConfigReader({}), {
        workDir: root,
      }),
      permissions: mockServices.permissions(),
    });
    for (const [branchName, message] of [
      [
        'main',
        'input.branchName may not be main: environment staging reconciles from that branch',
      ],
      [
        'refs/heads/release',
        'input.branchName may not be release: environment production reconciles from that branch',
      ],
      ['-delete', 'input.branchName is not a valid branch name: -delete'],
      ['a//b', 'input.branchName is not a valid branch name: a//b'],
    ]) {
      const ctx = createMockActionContext({
        input: {
          service: 'orders',
          environments: ['staging'],
          sourcePath: 'config-repo',
          branchName,
        },
      });
      await expect(action.handler(ctx)).rejects.toThrow(message);
    }
    expect(repo.git('rev-parse', 'main')).toBe(main);
    expect(repo.git('rev-parse', 'release')).toBe(main);
  });
});
