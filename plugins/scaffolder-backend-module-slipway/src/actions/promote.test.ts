import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ConfigRepoWriter,
  promoteService,
} from '@slipway/backstage-plugin-slipway-node';
import { createTestRepository, GitRepositoryCache } from '@slipway/engine';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testEnvironment } from '../__testUtils__/testEnvironment';
import { createPromoteAction } from './promote';

const deployment = (namespace: string, tag: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: ${namespace}
spec:
  selector:
    matchLabels: { app: orders }
  template:
    metadata:
      labels: { app: orders }
    spec:
      containers:
        - name: orders
          image: registry.example.com/orders:${tag}
`;

describe('slipway:promote against a real Git repository', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'promote-action-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('commits the staging image to production once, as production’s policy says', async () => {
    const repo = createTestRepository(path.join(root, 'config'));
    repo.git('config', 'receive.denyCurrentBranch', 'updateInstead');
    repo.commit(
      {
        'clusters/staging/orders/app.yaml': deployment('staging', '1.4.0'),
        'clusters/production/orders/app.yaml': deployment(
          'production',
          '1.3.2',
        ),
      },
      'orders',
    );
    const environments = ['staging', 'production'].map(name =>
      testEnvironment(name, `file://${repo.dir}`, {
        promotion: { mode: 'commit' },
      }),
    );
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: { 'slipway.io/environments': 'staging,production' },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    const writer = ConfigRepoWriter.fromConfig(new ConfigReader({}), {
      workDir: root,
    });
    const git = new GitRepositoryCache(path.join(root, 'cache'));
    const action = createPromoteAction({
      environments,
      getEntity: async ref =>
        ref === 'component:default/orders' ? entity : undefined,
      promote: request =>
        promoteService(
          { ...request, environments },
          { git, writer, credentialsFor: async () => undefined },
        ),
    });
    const input = {
      entityRef: 'component:default/orders',
      to: 'production',
      reason: 'green for a day',
    };

    const ctx = createMockActionContext({
      input,
      user: { ref: 'user:default/ada' },
    });
    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('mode', 'commit');
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(ctx.output).toHaveBeenCalledWith('changes', [
      {
        file: 'clusters/production/orders/app.yaml',
        from: 'registry.example.com/orders:1.3.2',
        to: 'registry.example.com/orders:1.4.0',
      },
    ]);
    expect(repo.git('log', '-1', '--format=%B')).toContain(
      'Promote orders to production: orders:1.3.2 → orders:1.4.0',
    );
    expect(repo.git('log', '-1', '--format=%B')).toContain(
      'Reason: green for a day',
    );
    expect(repo.git('log', '-1', '--format=%B')).toContain(
      'Requested by user:default/ada through Slipway.',
    );
    expect(repo.git('show', 'HEAD:clusters/production/orders/app.yaml')).toBe(
      deployment('production', '1.4.0').trimEnd(),
    );

    const head = repo.git('rev-parse', 'HEAD');
    const again = createMockActionContext({ input });
    await action.handler(again);
    expect(again.output).toHaveBeenCalledWith('changed', false);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
  });

  it('refuses an environment the service is not delivered to, naming the field', async () => {
    const action = createPromoteAction({
      environments: [],
      getEntity: async () => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'orders',
          annotations: { 'slipway.io/environments': 'staging' },
        },
      }),
      promote: jest.fn(),
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: { entityRef: 'component:default/orders', to: 'qa' },
        }),
      ),
    ).rejects.toThrow(
      'Annotation slipway.io/environments names staging, which app-config slipway.environments does not define',
    );
  });
});
