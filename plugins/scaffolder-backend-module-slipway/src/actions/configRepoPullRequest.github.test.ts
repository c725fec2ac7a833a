import { mockServices } from '@backstage/backend-test-utils';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigRepoWriter } from '@slipway/backstage-plugin-slipway-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { fakeGithub } from '../__testUtils__/fakeGithub';
import { testEnvironment } from '../__testUtils__/testEnvironment';
import { createConfigRepoPullRequestAction } from './configRepoPullRequest';

const server = setupServer();
registerMswTestHooks(server);

const environment = (name: string, repository: string) =>
  testEnvironment(name, repository, { cluster: 'eks' });

const config = new ConfigReader({
  integrations: { github: [{ host: 'github.com', token: 'ghs_test' }] },
});

function actionFor(repository: string) {
  return createConfigRepoPullRequestAction({
    environments: [
      environment('staging', repository),
      environment('production', repository),
    ],
    writer: ConfigRepoWriter.fromConfig(config),
    permissions: mockServices.permissions(),
  });
}

async function contextWithFiles() {
  const ctx = createMockActionContext({
    input: {
      service: 'checkout',
      environments: ['staging', 'production'],
      sourcePath: 'config-repo',
    },
  });
  const dir = path.join(ctx.workspacePath, 'config-repo');
  await fs.mkdir(path.join(dir, 'base/checkout'), { recursive: true });
  await fs.writeFile(
    path.join(dir, 'base/checkout/kustomization.yaml'),
    'resources: []\n',
  );
  return ctx;
}

describe('slipway:config-repo:pull-request on GitHub', () => {
  it('opens a pull request from a branch of its own, without a clone', async () => {
    const github = fakeGithub({ owner: 'acme', repo: 'config' });
    server.use(...github.handlers);
    const ctx = await contextWithFiles();
    await actionFor('https://github.com/acme/config').handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith(
      'pullRequestUrl',
      'https://github.com/acme/config/pull/1',
    );
    expect(ctx.output).toHaveBeenCalledWith('branch', 'slipway/add-checkout');
    expect(github.filesAt('slipway/add-checkout')).toEqual({
      'base/checkout/kustomization.yaml': 'resources: []\n',
    });
    expect(github.filesAt('main')).toEqual({});
    expect(github.pulls).toEqual([
      expect.objectContaining({
        head: 'slipway/add-checkout',
        base: 'main',
        title: 'Add checkout to staging, production',
      }),
    ]);
  });

  it('on a retry finds its branch (422) and its pull request, and opens no second one', async () => {
    const github = fakeGithub({ owner: 'acme', repo: 'config' });
    server.use(...github.handlers);
    const action = actionFor('https://github.com/acme/config');
    await action.handler(await contextWithFiles());
    const retry = await contextWithFiles();
    await fs.writeFile(
      path.join(
        retry.workspacePath,
        'config-repo/base/checkout/kustomization.yaml',
      ),
      'resources: [a.yaml]\n',
    );
    await action.handler(retry);

    expect(
      github.requests.filter(r => r === 'POST /repos/acme/config/git/refs'),
    ).toHaveLength(2);
    expect(github.requests).toContain(
      'PATCH /repos/acme/config/git/refs/heads/slipway/add-checkout',
    );
    expect(github.pulls).toHaveLength(1);
    expect(retry.output).toHaveBeenCalledWith(
      'pullRequestUrl',
      'https://github.com/acme/config/pull/1',
    );
    expect(
      github.filesAt('slipway/add-checkout')[
        'base/checkout/kustomization.yaml'
      ],
    ).toBe('resources: [a.yaml]\n');
  });

  it('names the repository when GitHub does not know it (404)', async () => {
    server.use(...fakeGithub({ owner: 'acme', repo: 'config' }).handlers);
    await expect(
      actionFor('https://github.com/acme/missing').handler(
        await contextWithFiles(),
      ),
    ).rejects.toThrow(
      'GitHub repository github.com/acme/missing was not found while reading the repository, or the credentials of integrations.github for github.com cannot see it',
    );
  });

  it('says when the rate limit resets, and writes nothing', async () => {
    const github = fakeGithub({ owner: 'acme', repo: 'config', rateLimit: 2 });
    server.use(...github.handlers);
    await expect(
      actionFor('https://github.com/acme/config').handler(
        await contextWithFiles(),
      ),
    ).rejects.toThrow(
      /GitHub's API rate limit for github.com is used up while reading commit c0 on github.com\/acme\/config; it resets at \S+ \(in 1[78]\d\d s\)/,
    );
    expect(github.refs.get('heads/slipway/add-checkout')).toBeUndefined();
    expect(github.pulls).toEqual([]);
  });

  it('a retried task step returns what its checkpoint recorded, without writing again', async () => {
    const github = fakeGithub({ owner: 'acme', repo: 'config' });
    server.use(...github.handlers);
    const recorded = new Map<string, unknown>();
    const checkpoint = async (opts: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      if (!recorded.has(opts.key)) recorded.set(opts.key, await opts.fn());
      return recorded.get(opts.key);
    };
    const action = actionFor('https://github.com/acme/config');
    for (let run = 0; run < 2; run++) {
      const ctx = await contextWithFiles();
      await action.handler({ ...ctx, checkpoint } as typeof ctx);
    }
    expect(github.requests.filter(r => r.startsWith('POST'))).toHaveLength(4); // tree, commit, ref, pull: once
  });

  it('refuses environments in different repositories, naming the field', async () => {
    const action = createConfigRepoPullRequestAction({
      environments: [
        environment('staging', 'https://github.com/acme/staging-config'),
        environment('production', 'https://github.com/acme/prod-config'),
      ],
      writer: ConfigRepoWriter.fromConfig(config),
      permissions: mockServices.permissions(),
    });
    await expect(action.handler(await contextWithFiles())).rejects.toThrow(
      /^input.environments: staging, production live in different config repositories/,
    );
  });
});
