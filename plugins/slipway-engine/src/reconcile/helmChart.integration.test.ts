import { execFileSync, spawnSync } from 'node:child_process';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  resolveBinaries,
  resolveHelm,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { createTestRepository } from '../testUtils/testRepository';
import { reconcileTarget } from './reconcileTarget';
import { EMPTY_STATUS, TargetStatus } from './targetStatus';

jest.setTimeout(120_000);

/** A small chart: a Deployment of `image.repository:image.tag`, a ConfigMap of the cluster's version, one optional Service. */
const chart = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'charts/web/values.yaml':
    'image: { repository: registry.example.com/web, tag: "1.0.0" }\nreplicas: 1\nservice: { enabled: false }\nlogLevel: info\n',
  'charts/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: { app.kubernetes.io/instance: {{ .Release.Name | quote }} }
spec:
  replicas: {{ .Values.replicas }}
  selector: { matchLabels: { app: {{ .Release.Name }} } }
  template:
    metadata: { labels: { app: {{ .Release.Name }} } }
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`,
  'charts/web/templates/settings.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: {{ .Release.Name }}-settings }
data:
  LOG_LEVEL: {{ .Values.logLevel | quote }}
  KUBE_VERSION: {{ .Capabilities.KubeVersion.Version | quote }}
  HAS_APPS_V1: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
`,
  'charts/web/templates/service.yaml': `{{- if .Values.service.enabled }}
apiVersion: v1
kind: Service
metadata: { name: {{ .Release.Name }} }
spec:
  selector: { app: {{ .Release.Name }} }
  ports: [{ port: 80 }]
{{- end }}
`,
};

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

  const reconcile = (repo: string, previous: TargetStatus = EMPTY_STATUS) =>
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
      },
      previous,
      helm: resolveHelm(),
    });

  /** `helm template … | kubectl diff --server-side`: what helm itself would change in the cluster (exit 0: nothing). */
  const helmAgainstCluster = (checkout: string) => {
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
        path.join(checkout, 'charts/web'),
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

  it('refuses a release file with problems, a template error and a hook, naming each, and applies nothing', async () => {
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
        'charts/web/templates/broken.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations: { helm.sh/hook: pre-install }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: m, image: busybox }]
`,
      }),
    ).toContain(
      'Job migrate is a Helm hook (pre-install), which Slipway does not run yet',
    );
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
});
