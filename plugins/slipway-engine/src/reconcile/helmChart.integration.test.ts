import { execFileSync, spawnSync } from 'node:child_process';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  LocalRegistry,
  resolveBinaries,
  resolveHelm,
  resolveKustomize,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RemoteCharts } from '../charts/RemoteCharts';
import type { KindPolicy } from '../render/validateKindPolicy';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { createTestRepository } from '../testUtils/testRepository';
import {
  packageTestChart,
  serveChartRepository,
  TEST_CHART as chart,
} from '../testUtils/testChart';
import { reconcileTarget } from './reconcileTarget';
import { EMPTY_STATUS, TargetStatus } from './targetStatus';

jest.setTimeout(120_000);

/** A chart template of a migration Job with these hook annotations. */
const migrationJob = (annotations: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations: ${annotations}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: "registry.example.com/migrate:1" }]
`;

const release = (extra = '') => `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart: { path: ../../../charts/web }
release: { name: web }
valuesFiles: [../values.yaml, values.yaml]
values: { logLevel: debug }
${extra}`;

describe('reconciling a Helm chart release', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let work: string;
  let kubeconfigFile: string;

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('helm');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
  });
  afterAll(() => testNamespace?.release());
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-helm-test-'));
    kubeconfigFile = path.join(work, 'kubeconfig');
    fs.writeFileSync(kubeconfigFile, kc.exportConfig());
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const reconcile = (
    repo: string,
    previous: TargetStatus = EMPTY_STATUS,
    charts?: RemoteCharts,
    kustomize?: string,
    kindPolicy?: KindPolicy,
  ) =>
    reconcileTarget({
      kubeConfig: kc,
      git: new GitRepositoryCache(path.join(work, 'cache')),
      target: {
        service: 'web',
        environment: 'staging',
        source: { url: repo, branch: 'main' },
        path: 'apps/web/staging',
        defaultNamespace: namespace,
        allowedNamespaces: [namespace],
        kindPolicy,
      },
      previous,
      helm: resolveHelm(),
      charts,
      kustomize,
    });

  /** `helm template … | kubectl diff --server-side`: what helm itself would change in the cluster (exit 0: nothing). */
  const helmAgainstCluster = (
    checkout: string,
    chartArg = path.join(checkout, 'charts/web'),
  ) => {
    const kubeVersion = execFileSync(
      resolveBinaries().kubectl,
      ['--kubeconfig', kubeconfigFile, 'version', '-o', 'json'],
      { encoding: 'utf8' },
    );
    const rendered = execFileSync(
      resolveHelm(),
      [
        'template',
        'web',
        chartArg,
        '--namespace',
        namespace,
        '--values',
        path.join(checkout, 'apps/web/values.yaml'),
        '--values',
        path.join(checkout, 'apps/web/staging/values.yaml'),
        '--set',
        'logLevel=debug',
        '--kube-version',
        JSON.parse(kubeVersion).serverVersion.gitVersion,
      ],
      { encoding: 'utf8' },
    );
    return spawnSync(
      resolveBinaries().kubectl,
      [
        '--kubeconfig',
        kubeconfigFile,
        '-n',
        namespace,
        'diff',
        '--server-side',
        '--field-manager',
        'helm-check',
        '-f',
        '-',
      ],
      { input: rendered, encoding: 'utf8' },
    );
  };

  it('renders the chart from the config repository with its layered values and the cluster’s capabilities, as helm itself would apply it', async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    repo.commit(
      {
        ...chart,
        'apps/web/values.yaml': 'replicas: 2\n',
        'apps/web/staging/values.yaml': 'image: { tag: "1.1.0" }\n',
        'apps/web/staging/slipway-chart.yaml': release(),
      },
      'web chart 1.0.0 in staging',
    );

    const first = await reconcile(repo.dir);

    expect(first.error).toBeUndefined();
    expect(first.status.chart).toEqual({
      name: 'web',
      version: '1.0.0',
      source: '../../../charts/web',
    });
    const deployment = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: 'web', namespace });
    expect(deployment.spec?.replicas).toBe(2);
    expect(deployment.spec?.template.spec?.containers[0].image).toBe(
      'registry.example.com/web:1.1.0',
    );
    expect(deployment.metadata?.labels?.['slipway.io/service']).toBe('web');
    const settings = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({ name: 'web-settings', namespace });
    expect(settings.data).toEqual({
      LOG_LEVEL: 'debug',
      KUBE_VERSION: expect.stringMatching(/^v1\.\d+\.\d+/),
      HAS_APPS_V1: 'true',
    });
    const diff = helmAgainstCluster(repo.dir);
    expect(diff.stderr).toBe('');
    expect(diff.stdout).toBe('');
    expect(diff.status).toBe(0);

    // A values change updates what it changes; an object the chart stops rendering is pruned.
    repo.commit(
      {
        'apps/web/staging/values.yaml':
          'image: { tag: "1.2.0" }\nservice: { enabled: true }\n',
      },
      'web 1.2.0 with its Service',
    );
    const second = await reconcile(repo.dir, first.status);
    expect(second.error).toBeUndefined();
    expect(
      second.applied
        .filter(a => a.action !== 'unchanged')
        .map(a => `${a.ref.kind}/${a.ref.name}`)
        .sort(),
    ).toEqual(['Deployment/web', 'Service/web']);
    repo.commit(
      { 'apps/web/staging/values.yaml': 'image: { tag: "1.2.0" }\n' },
      'no Service',
    );
    const third = await reconcile(repo.dir, second.status);
    expect(third.pruned?.deleted.map(d => `${d.kind}/${d.name}`)).toEqual([
      'Service/web',
    ]);
  });

  it('refuses a release file with problems, a template error and a chart or values file out of the repository, naming each, and applies nothing', async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    const refusal = async (files: Record<string, string>) => {
      repo.commit(files, 'a change');
      const result = await reconcile(repo.dir);
      expect(result.applied).toEqual([]);
      return result.error?.message;
    };
    expect(
      await refusal({
        ...chart,
        'apps/web/values.yaml': '',
        'apps/web/staging/values.yaml': '',
        'apps/web/staging/slipway-chart.yaml': release().replace(
          'name: web',
          'name: Web',
        ),
      }),
    ).toContain(
      'apps/web/staging/slipway-chart.yaml: release.name: must be a DNS label',
    );
    const templateError = await refusal({
      'apps/web/staging/slipway-chart.yaml': release(),
      'charts/web/templates/broken.yaml': '{{ .Values.missing.field }}\n',
    });
    expect(templateError).toContain(
      'apps/web/staging/slipway-chart.yaml: helm template failed:',
    );
    expect(templateError).toContain('broken.yaml');
    expect(templateError).not.toContain(work);
    expect(
      await refusal({
        'charts/web/templates/broken.yaml': '# nothing\n',
        'apps/web/staging/slipway-chart.yaml': release().replace(
          '../../../charts/web',
          '../../../../outside',
        ),
      }),
    ).toContain('chart.path ../../../../outside leaves the config repository');

    // The attack: a values file that is a link to this machine's files.
    const secretOnHost = path.join(work, 'host-secret.yaml');
    fs.writeFileSync(secretOnHost, 'logLevel: host-secret-value\n');
    fs.rmSync(path.join(repo.dir, 'apps/web/staging/values.yaml'));
    fs.symlinkSync(
      secretOnHost,
      path.join(repo.dir, 'apps/web/staging/values.yaml'),
    );
    const linked = await refusal({
      'apps/web/staging/slipway-chart.yaml': release(),
    });
    expect(linked).toContain(
      'apps/web/staging/values.yaml is a symbolic link out of the config repository, which helm is not given',
    );
    expect(linked).not.toContain('host-secret-value');
  });

  const packaged = (dir: string, version: string) =>
    packageTestChart(resolveHelm(), work, dir, version);
  const remoteRelease = (chartYaml: string) => ({
    'apps/web/values.yaml': '',
    'apps/web/staging/values.yaml': '',
    'apps/web/staging/slipway-chart.yaml': release().replace(
      'chart: { path: ../../../charts/web }',
      chartYaml,
    ),
  });
  const imageOf = async (name = 'web') =>
    (
      await kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name, namespace })
    ).spec?.template.spec?.containers[0].image;

  it('takes the highest version in a range from an HTTP chart repository with basic auth, fetches it once, and refuses a version it does not have', async () => {
    const dir = path.join(work, 'repo-files');
    const archives = ['1.0.0', '1.1.0'].map(v => packaged(dir, v));
    const { url, requests, server } = await serveChartRepository(
      resolveHelm(),
      work,
      dir,
      { username: 'charts', password: 's3cret' },
    );
    try {
      const repo = createTestRepository(path.join(work, 'origin'));
      repo.commit(
        remoteRelease(
          `chart: { repository: "${url}", name: web, version: "^1.0.0" }`,
        ),
        'web from the chart repository',
      );
      const anonymous = await reconcile(
        repo.dir,
        EMPTY_STATUS,
        new RemoteCharts({ cacheDir: path.join(work, 'anonymous') }),
      );
      expect(anonymous.error?.message).toContain(
        `apps/web/staging/slipway-chart.yaml: chart: cannot fetch the index of ${url}: HTTP 401 (it needs credentials: set them under slipway.charts.repositories)`,
      );
      const charts = new RemoteCharts({
        cacheDir: path.join(work, 'charts'),
        repositories: [{ url, username: 'charts', password: 's3cret' }],
      });
      const first = await reconcile(repo.dir, EMPTY_STATUS, charts);
      expect(first.error).toBeUndefined();
      expect(first.status.chart).toEqual({
        name: 'web',
        version: '1.1.0',
        source: url,
      });
      expect(await imageOf()).toBe('registry.example.com/web:1.1.0');
      const diff = helmAgainstCluster(repo.dir, archives[1]);
      expect([diff.stderr, diff.stdout, diff.status]).toEqual(['', '', 0]);
      requests.length = 0;
      await reconcile(repo.dir, first.status, charts);
      expect(requests).toEqual([]);

      repo.commit(
        remoteRelease(
          `chart: { repository: "${url}", name: web, version: 9.9.9 }`,
        ),
        'a version the repository does not have',
      );
      const missing = await reconcile(repo.dir, first.status, charts);
      expect(missing.applied).toEqual([]);
      expect(missing.pruned).toBeUndefined();
      expect(missing.error?.message).toContain(
        `apps/web/staging/slipway-chart.yaml: chart: chart web in ${url} has no version 9.9.9 (newest: 1.1.0, 1.0.0)`,
      );
      expect(missing.error?.message).not.toContain('s3cret');
      expect(await imageOf()).toBe('registry.example.com/web:1.1.0');
    } finally {
      server.close();
    }
  });

  it('pulls a chart from an OCI registry with basic auth, by version', async () => {
    const registry = await LocalRegistry.start({
      auth: { type: 'basic', username: 'charts', password: 's3cret' },
    });
    try {
      const archive = packaged(path.join(work, 'oci-files'), '1.2.0');
      const helmHome = {
        ...process.env,
        HELM_REGISTRY_CONFIG: path.join(work, 'registry.json'),
        HELM_CACHE_HOME: path.join(work, 'helm-home'),
      };
      execFileSync(
        resolveHelm(),
        [
          'registry',
          'login',
          registry.host,
          '--username',
          'charts',
          '--password-stdin',
          '--plain-http',
        ],
        { input: 's3cret', env: helmHome },
      );
      execFileSync(
        resolveHelm(),
        ['push', archive, `oci://${registry.host}/charts`, '--plain-http'],
        { env: helmHome },
      );
      const repo = createTestRepository(path.join(work, 'origin'));
      repo.commit(
        remoteRelease(
          `chart: { oci: "oci://${registry.host}/charts/web", version: 1.2.0 }`,
        ),
        'web from the registry',
      );
      const result = await reconcile(
        repo.dir,
        EMPTY_STATUS,
        new RemoteCharts({
          cacheDir: path.join(work, 'charts'),
          registries: [
            {
              host: registry.host,
              insecure: true,
              credentials: { username: 'charts', password: 's3cret' },
            },
          ],
        }),
      );
      expect(result.error).toBeUndefined();
      expect(await imageOf()).toBe('registry.example.com/web:1.2.0');
      const diff = helmAgainstCluster(repo.dir, archive);
      expect([diff.stderr, diff.stdout, diff.status]).toEqual(['', '', 0]);
    } finally {
      await registry.stop();
    }
  });

  it("renders a kustomization's helmCharts generator through the same helm", async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    const local = Object.fromEntries(
      Object.entries(chart).map(([file, content]) => [
        file.replace('charts/web/', 'apps/web/staging/charts/web/'),
        content,
      ]),
    );
    repo.commit(
      {
        ...local,
        'apps/web/staging/kustomization.yaml': `helmCharts:
  - name: web
    releaseName: web
    valuesInline: { image: { tag: "3.0.0" } }
`,
      },
      'web through kustomize helmCharts',
    );
    const result = await reconcile(
      repo.dir,
      EMPTY_STATUS,
      undefined,
      resolveKustomize(),
    );
    expect(result.error).toBeUndefined();
    expect(await imageOf()).toBe('registry.example.com/web:3.0.0');
  });

  /** What a kubelet would write when the Job's container exits: KWOK's nodes run nothing. */
  const writePodExit = async (name: string, exitCode: number) => {
    const core = kc.makeApiClient(CoreV1Api);
    const now = new Date();
    await core.replaceNamespacedPodStatus({
      name,
      namespace,
      body: {
        ...(await core.readNamespacedPod({ name, namespace })),
        status: {
          phase: exitCode === 0 ? 'Succeeded' : 'Failed',
          conditions: [
            { type: 'Ready', status: 'False', reason: 'PodCompleted' },
          ],
          containerStatuses: [
            {
              name: 'migrate',
              image: 'registry.example.com/migrate:1',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: {
                terminated: {
                  exitCode,
                  reason: exitCode === 0 ? 'Completed' : 'Error',
                  startedAt: now,
                  finishedAt: now,
                },
              },
            },
          ],
        },
      },
    });
  };
  const podExits = async (name: string, exitCode: number) => {
    // The scheduler and KWOK write the pod too: read it again on a conflict.
    for (let attempt = 0; ; attempt++) {
      try {
        await writePodExit(name, exitCode);
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 409 || attempt >= 20) {
          throw error;
        }
        await new Promise(r => setTimeout(r, 200));
      }
    }
  };
  /** The pod of a hook Job, once the Job controller made it. */
  const podOf = async (job: string) => {
    const core = kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 120; i++) {
      const name = (
        await core.listNamespacedPod({
          namespace,
          labelSelector: `job-name=${job}`,
        })
      ).items[0]?.metadata?.name;
      if (name) return name;
      await new Promise(r => setTimeout(r, 500));
    }
    throw new Error(`no pod of Job ${job}`);
  };

  it('applies chart CRDs first, a pre-install Job to completion before the rest, post hooks after, and no deletion hook', async () => {
    const group = `${namespace}.slipway.test`;
    const repo = createTestRepository(path.join(work, 'origin'));
    repo.commit(
      {
        ...chart,
        'apps/web/values.yaml': '',
        'apps/web/staging/values.yaml': '',
        'apps/web/staging/slipway-chart.yaml': release().replace(
          'name: web',
          'name: hooks',
        ),
        'charts/web/crds/widgets.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.${group} }
spec:
  group: ${group}
  names: { kind: Widget, plural: widgets, singular: widget }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`,
        'charts/web/templates/migrate.yaml': migrationJob(
          '{ helm.sh/hook: "pre-install,pre-upgrade", helm.sh/hook-weight: "-5" }',
        ),
        'charts/web/templates/notify.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-notified
  annotations: { helm.sh/hook: post-install }
data: { done: "yes" }
`,
        'charts/web/templates/cleanup.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cleanup
  annotations: { helm.sh/hook: pre-delete }
data: { done: "no" }
`,
      },
      'web with a CRD and hooks',
    );
    const core = kc.makeApiClient(CoreV1Api);
    const withCrds = (previous: TargetStatus) =>
      reconcile(repo.dir, previous, undefined, undefined, {
        clusterScopedKinds: ['CustomResourceDefinition'],
        deniedKinds: [],
      });
    const reconciling = withCrds(EMPTY_STATUS);
    // While the Job runs, nothing else of the chart is applied.
    const pod = await podOf('hooks-migrate');
    await expect(
      kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'hooks', namespace }),
    ).rejects.toThrow();
    // The CRD came before it: a Widget can be created.
    execFileSync(resolveBinaries().kubectl, [
      '--kubeconfig',
      kubeconfigFile,
      'get',
      `crd/widgets.${group}`,
    ]);
    // The fake node's "kubelet": the migration's container exits 0.
    await podExits(pod, 0);
    const result = await reconciling;
    expect(result.error).toBeUndefined();
    expect(await imageOf('hooks')).toBe('registry.example.com/web:1.0.0');
    expect(
      (
        await core.readNamespacedConfigMap({
          name: 'hooks-notified',
          namespace,
        })
      ).data,
    ).toEqual({ done: 'yes' });
    await expect(
      core.readNamespacedConfigMap({ name: 'hooks-cleanup', namespace }),
    ).rejects.toThrow();
    const order = result.applied.map(a => `${a.ref.kind}/${a.ref.name}`);
    expect(order.slice(0, 2)).toEqual([
      `CustomResourceDefinition/widgets.${group}`,
      'Job/hooks-migrate',
    ]);
    expect(order.at(-1)).toBe('ConfigMap/hooks-notified');
    expect(result.status.completedHooks).toEqual({
      [`Job/${namespace}/hooks-migrate`]:
        expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // A resync does not run the completed migration again, even once the Job is gone.
    const resync = await withCrds(result.status);
    expect(resync.error).toBeUndefined();
    expect(resync.applied.map(a => a.ref.name)).not.toContain('hooks-migrate');
    expect(resync.pruned?.deleted.map(d => d.name)).toEqual(['hooks-migrate']);
    const again = await withCrds(resync.status);
    expect(again.error).toBeUndefined();
    await expect(
      kc
        .makeApiClient(BatchV1Api)
        .readNamespacedJob({ name: 'hooks-migrate', namespace }),
    ).rejects.toThrow();
    execFileSync(resolveBinaries().kubectl, [
      '--kubeconfig',
      kubeconfigFile,
      'delete',
      `crd/widgets.${group}`,
    ]);
  });

  it('stops at a pre-install Job that fails: nothing else is applied, the run says which Job', async () => {
    const repo = createTestRepository(path.join(work, 'origin'));
    repo.commit(
      {
        ...chart,
        'apps/web/values.yaml': '',
        'apps/web/staging/values.yaml': '',
        'apps/web/staging/slipway-chart.yaml': release().replace(
          'name: web',
          'name: failing',
        ),
        'charts/web/templates/migrate.yaml': migrationJob(
          '{ helm.sh/hook: pre-upgrade }',
        ),
      },
      'a migration that fails',
    );
    const reconciling = reconcile(repo.dir);
    await podExits(await podOf('failing-migrate'), 1);
    const result = await reconciling;
    expect(result.error?.message).toMatch(
      new RegExp(
        `^Job ${namespace}/failing-migrate, a pre-install/pre-upgrade hook, failed: .*; nothing else was applied$`,
      ),
    );
    expect(
      result.status.conditions.find(c => c.type === 'Ready'),
    ).toMatchObject({ status: 'False', reason: 'HookFailed' });
    await expect(
      kc
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'failing', namespace }),
    ).rejects.toThrow();
  });
});
