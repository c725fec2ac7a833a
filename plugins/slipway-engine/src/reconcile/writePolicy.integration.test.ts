import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { acquireTestNamespace, TestNamespace } from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { createTestRepository } from '../testUtils/testRepository';
import { reconcileTarget, DeliveryTargetSpec } from './reconcileTarget';
import { EMPTY_STATUS, TargetStatus } from './targetStatus';

jest.setTimeout(120_000);

/**
 * What a service may write: its namespaces, no cluster-scoped kind unless
 * listed, no kind that grants rights; and an empty render never prunes
 * everything by accident. Each refusal names the object, and nothing of the
 * render is applied.
 */
describe('reconcileTarget within what the environment allows', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let work: string;
  let repo: ReturnType<typeof createTestRepository>;
  let git: GitRepositoryCache;
  let target: DeliveryTargetSpec;
  const dir = 'clusters/policy/web';

  const commit = (files: Record<string, string | null>) =>
    repo.commit(
      Object.fromEntries(
        Object.entries(files).map(([f, c]) => [`${dir}/${f}`, c]),
      ),
      'change',
    );
  const reconcile = (previous: TargetStatus) =>
    reconcileTarget({ kubeConfig: kc, git, target, previous });
  const configMap = (name: string, ns = '') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${
      ns ? `  namespace: ${ns}\n` : ''
    }data: { k: v }\n`;
  const configMaps = async () =>
    (
      await kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({
        namespace,
        labelSelector: 'slipway.io/service=web',
      })
    ).items
      .map(c => c.metadata?.name)
      .sort();

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('write-policy');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
  });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-policy-'));
    repo = createTestRepository(path.join(work, 'origin'));
    git = new GitRepositoryCache(path.join(work, 'git-cache'));
    target = {
      service: 'web',
      environment: 'policy',
      source: { url: repo.dir, branch: 'main' },
      path: dir,
      defaultNamespace: namespace,
      allowedNamespaces: [namespace],
    };
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));
  afterAll(() => testNamespace?.release());

  it('refuses other namespaces, RBAC, CRDs and Namespaces, naming each, and applies nothing', async () => {
    commit({
      'ok.yaml': configMap('fine'),
      'elsewhere.yaml': configMap('planted', 'kube-system'),
      'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: web-is-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects: [{ kind: ServiceAccount, name: default, namespace: ${namespace} }]
`,
      'crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]
`,
      'namespace.yaml': `apiVersion: v1
kind: Namespace
metadata: { name: ${namespace}, labels: { team: web } }
`,
    });

    const result = await reconcile(EMPTY_STATUS);

    const ready = result.status.conditions.find(c => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'ValidationFailed',
    });
    const message = result.error!.message;
    expect(message).toMatch(
      /^4 problems in the manifests; nothing was applied:/,
    );
    for (const issue of [
      'crd.yaml:1: kind CustomResourceDefinition "widgets.example.com" is a kind this environment denies (deniedKinds)',
      `elsewhere.yaml:1: metadata.namespace "kube-system" is not a namespace this environment allows (${namespace})`,
      `namespace.yaml:1: kind Namespace "${namespace}" is cluster-scoped, and this environment allows none (clusterScopedKinds)`,
      'rbac.yaml:1: kind ClusterRoleBinding "web-is-admin" is a kind this environment denies (deniedKinds)',
    ]) {
      expect(message).toContain(issue);
    }
    expect(await configMaps()).toEqual([]);
    const ns = await kc
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: namespace });
    expect(ns.metadata?.labels?.team).toBeUndefined();
  });

  it('refuses an empty render while objects of the target are in the cluster, unless the directory says so', async () => {
    commit({ 'a.yaml': configMap('a'), 'b.yaml': configMap('b') });
    const first = await reconcile(EMPTY_STATUS);
    expect(first.error).toBeUndefined();
    expect(await configMaps()).toEqual(['a', 'b']);

    // A kustomization-less directory whose files were all emptied.
    commit({ 'a.yaml': '# gone\n', 'b.yaml': '' });
    const empty = await reconcile(first.status);
    expect(empty.error?.message).toContain(
      `renders no objects, and 2 applied from it are in the cluster: add an empty file .slipway-allow-empty to this directory to delete them all`,
    );
    expect(empty.pruned).toBeUndefined();
    expect(await configMaps()).toEqual(['a', 'b']);

    commit({ '.slipway-allow-empty': '' });
    const meant = await reconcile(empty.status);
    expect(meant.error).toBeUndefined();
    // Deleting all of a target's objects is large: it waits for a person.
    expect(meant.pruned?.deleted).toEqual([]);
    expect(meant.status.pendingPrune?.objects.map(r => r.name).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(await configMaps()).toEqual(['a', 'b']);

    const confirmed = await reconcileTarget({
      kubeConfig: kc,
      git,
      target,
      previous: meant.status,
      confirmedPrune: meant.status.pendingPrune!.hash,
    });
    expect(confirmed.pruned?.deleted.map(r => r.name).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(confirmed.status.pendingPrune).toBeUndefined();
    expect(confirmed.status.inventory).toEqual([]);
    expect(await configMaps()).toEqual([]);
  });

  it('takes over no object someone else made, until it is handed over on the live object', async () => {
    await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'made-by-hand' }, data: { k: 'by hand' } },
      fieldManager: 'kubectl-create',
    });
    commit({
      'a.yaml': configMap('fine'),
      'b.yaml': configMap('made-by-hand'),
    });

    const refused = await reconcile(EMPTY_STATUS);
    expect(
      refused.status.conditions.find(c => c.type === 'Ready'),
    ).toMatchObject({ status: 'False', reason: 'OwnershipConflict' });
    expect(refused.error?.message).toContain(
      `ConfigMap ${namespace}/made-by-hand: belongs to field managers kubectl-create (no Slipway labels)`,
    );
    expect(await configMaps()).toEqual([]);

    await kc.makeApiClient(CoreV1Api).replaceNamespacedConfigMap({
      namespace,
      name: 'made-by-hand',
      body: {
        metadata: {
          name: 'made-by-hand',
          annotations: { 'slipway.io/adopt': 'web' },
        },
        data: { k: 'by hand' },
      },
    });
    const adopted = await reconcile(refused.status);
    expect(adopted.error).toBeUndefined();
    expect(await configMaps()).toEqual(['fine', 'made-by-hand']);
  });
});
