import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  resolveKustomize,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { webDeploymentYaml } from '../testUtils/fixtures';
import { createTestRepository } from '../testUtils/testRepository';
import { reconcileTarget } from './reconcileTarget';
import { EMPTY_STATUS, TargetStatus } from './targetStatus';

jest.setTimeout(120_000);

describe('reconciling a kustomize overlay', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let work: string;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('kustomize');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
  });
  afterAll(() => testNamespace?.release());
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-kustomize-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const reconcile = (
    repo: string,
    kustomizeRemoteBases?: boolean,
    previous: TargetStatus = EMPTY_STATUS,
  ) =>
    reconcileTarget({
      kubeConfig: kc,
      git: new GitRepositoryCache(path.join(work, 'cache')),
      target: {
        service: 'web',
        environment: 'staging',
        source: { url: repo, branch: 'main' },
        path: 'apps/web/overlays/staging',
        defaultNamespace: namespace,
        allowedNamespaces: [namespace],
        kustomizeRemoteBases,
      },
      previous,
      kustomize: resolveKustomize(),
    });

  const base = {
    'apps/web/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/web/base/deployment.yaml': webDeploymentYaml(
      'registry.example.com/web:1.0.0',
    ),
  };

  it('renders the overlay with the real kustomize and applies the result', async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    repo.commit(
      {
        ...base,
        'apps/web/overlays/staging/kustomization.yaml': `resources:
  - ../../base
images:
  - name: registry.example.com/web
    newTag: 1.1.0
configMapGenerator:
  - name: web-settings
    literals: [LOG_LEVEL=debug]
`,
      },
      'staging overlay',
    );

    const result = await reconcile(repo.dir);

    expect(result.error).toBeUndefined();
    const deployment = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: 'web', namespace });
    expect(deployment.spec?.template.spec?.containers[0].image).toBe(
      'registry.example.com/web:1.1.0',
    );
    expect(deployment.metadata?.labels?.['slipway.io/service']).toBe('web');
    const configMaps = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedConfigMap({
        namespace,
        labelSelector: 'slipway.io/service=web',
      });
    expect(configMaps.items.map(c => c.metadata?.name)).toEqual([
      expect.stringMatching(/^web-settings-[a-z0-9]{10}$/),
    ]);
  });

  it('names the last commit that changed what this service renders: not one that changed only another service, but one that changed a base it reads', async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    const overlay = {
      'apps/web/overlays/staging/kustomization.yaml':
        'resources:\n  - ../../base\n',
    };
    const own = repo.commit(
      {
        ...base,
        ...overlay,
        'apps/api/deployment.yaml': webDeploymentYaml(
          'registry.example.com/api:1.0.0',
        ),
      },
      'web and api 1.0.0',
    );
    const first = await reconcile(repo.dir);
    expect(first.status.lastChange).toMatchObject({
      revision: own,
      commit: { message: 'web and api 1.0.0' },
    });

    const elsewhere = repo.commit(
      {
        'apps/api/deployment.yaml': webDeploymentYaml(
          'registry.example.com/api:2.0.0',
        ),
      },
      'api 2.0.0',
    );
    const second = await reconcile(repo.dir, false, first.status);
    expect(second.status.lastAppliedRevision).toBe(elsewhere);
    expect(second.status.commit?.message).toBe('api 2.0.0');
    expect(second.status.lastChange).toEqual(first.status.lastChange);

    const sharedBase = repo.commit(
      {
        'apps/web/base/deployment.yaml': webDeploymentYaml(
          'registry.example.com/web:1.2.0',
        ),
      },
      'base: web 1.2.0',
    );
    const third = await reconcile(repo.dir, false, second.status);
    expect(third.status.lastChange).toMatchObject({
      revision: sharedBase,
      commit: { message: 'base: web 1.2.0' },
    });
    expect(third.status.lastChange?.commit?.author).toMatch(/ <.+@.+>$/);
  });

  it('stops with kustomize’s own message when the overlay is broken', async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    repo.commit(
      {
        ...base,
        'apps/web/overlays/staging/kustomization.yaml':
          'resources:\n  - ../../missing-base\n',
      },
      'broken overlay',
    );

    const result = await reconcile(repo.dir);

    expect(result.applied).toEqual([]);
    expect(
      result.status.conditions.find(c => c.type === 'Ready'),
    ).toMatchObject({
      status: 'False',
      reason: 'ValidationFailed',
    });
    expect(result.error?.message).toContain(
      'apps/web/overlays/staging/kustomization.yaml: kustomize build failed:',
    );
    expect(result.error?.message).toContain("'apps/web/missing-base'");
    expect(result.error?.message).not.toContain(work);
  });

  it('fetches no remote resource unless the environment allows remote bases', async () => {
    const fetched: string[] = [];
    const server = http.createServer((req, res) => {
      fetched.push(req.url!);
      res.end(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: from-afar }\ndata: { a: b }\n',
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const remote = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/cm.yaml`;
    try {
      const repo = createTestRepository(path.join(work, 'origin'));
      repo.commit(
        {
          'apps/web/base/kustomization.yaml':
            'resources:\n  - https://github.com/acme/web//deploy?ref=v1\n',
          'apps/web/overlays/staging/kustomization.yaml': `resources:\n  - ${remote}\n  - ../../base\n`,
        },
        'remote resources',
      );
      const refused = await reconcile(repo.dir);
      expect(refused.status.conditions).toContainEqual(
        expect.objectContaining({ type: 'Ready', reason: 'ValidationFailed' }),
      );
      expect(refused.error?.message).toContain(
        `apps/web/overlays/staging/kustomization.yaml: ${remote} is a remote resource, and remote bases are off in this environment (kustomize.remoteBases in its app-config)`,
      );
      expect(refused.error?.message).toContain(
        'apps/web/base/kustomization.yaml: https://github.com/acme/web//deploy?ref=v1 is a remote resource',
      );
      expect(fetched).toEqual([]);

      repo.commit(
        {
          'apps/web/overlays/staging/kustomization.yaml': `resources:\n  - ${remote}\n`,
        },
        'only the loopback resource',
      );
      const allowed = await reconcile(repo.dir, true);
      expect(allowed.error).toBeUndefined();
      expect(allowed.applied.map(a => a.ref.name)).toEqual(['from-afar']);
      expect(fetched).toEqual(['/cm.yaml']);
    } finally {
      server.close();
    }
  });
});
