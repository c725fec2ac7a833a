import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  acquireTestNamespace,
  installCanaryCrd,
  TestNamespace,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectClient } from '../apply/ObjectClient';
import { CANARY_FIELD_MANAGER } from '../canary/canaryServices';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import { webDeploymentYaml } from '../testUtils/fixtures';
import { createTestRepository } from '../testUtils/testRepository';
import { reconcileTarget, DeliveryTargetSpec } from './reconcileTarget';
import { EMPTY_STATUS, TargetStatus } from './targetStatus';

jest.setTimeout(120_000);

describe('reconcileTarget against a real Git repository and cluster', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let namespace: string;
  let work: string;
  let origin: string;
  let repo: ReturnType<typeof createTestRepository>;
  let git: GitRepositoryCache;
  const servicePath = 'clusters/staging/web';

  const commit = (files: Record<string, string | null>, message: string) =>
    repo.commit(
      Object.fromEntries(
        Object.entries(files).map(([f, c]) => [`${servicePath}/${f}`, c]),
      ),
      message,
    );
  const configMap = (name: string, value: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;

  let target: DeliveryTargetSpec;
  const reconcile = (previous: TargetStatus) =>
    reconcileTarget({ kubeConfig: kc, git, target, previous });
  const configMaps = async () =>
    (
      await kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({
        namespace,
        labelSelector: 'slipway.io/service=web,slipway.io/environment=staging',
      })
    ).items
      .map(c => `${c.metadata?.name}=${c.data?.value}`)
      .sort();
  const condition = (status: TargetStatus, type: string) =>
    status.conditions.find(c => c.type === type);
  /** Reconciles again, up to 10 s, until Ready: a Deployment becomes available once KWOK runs its pod. */
  const untilReady = async (result: Awaited<ReturnType<typeof reconcile>>) => {
    let last = result;
    for (
      let i = 0;
      i < 40 && condition(last.status, 'Ready')?.status !== 'True';
      i++
    ) {
      await new Promise(r => setTimeout(r, 250));
      last = await reconcile(last.status);
    }
    return last;
  };

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('reconcile');
    kc = testNamespace.kubeConfig;
    namespace = testNamespace.namespace;
  });
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-reconcile-'));
    origin = path.join(work, 'origin');
    repo = createTestRepository(origin);
    git = new GitRepositoryCache(path.join(work, 'git-cache'));
    target = {
      service: 'web',
      environment: 'staging',
      source: { url: origin, branch: 'main' },
      path: servicePath,
      defaultNamespace: namespace,
      allowedNamespaces: [namespace],
    };
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));
  afterAll(() => testNamespace?.release());

  it('deploys, updates and prunes as Git changes, and ends Ready', async () => {
    const first = commit(
      {
        'deployment.yaml': webDeploymentYaml('web:1.0'),
        'config.yaml': `${configMap('a', '1')}---\n${configMap('b', '1')}`,
      },
      'First deploy',
    );
    const r1 = await reconcile(EMPTY_STATUS);
    expect(r1.error).toBeUndefined();
    expect(r1.status.lastAppliedRevision).toBe(first);
    expect(r1.status.commit).toMatchObject({
      message: 'First deploy',
      author: 'Ada <ada@example.com>',
    });
    expect(
      r1.applied.map(a => `${a.ref.kind}/${a.ref.name}:${a.action}`).sort(),
    ).toEqual([
      'ConfigMap/a:created',
      'ConfigMap/b:created',
      'Deployment/web:created',
    ]);
    expect(await configMaps()).toEqual(['a=1', 'b=1']);

    const second = commit(
      { 'config.yaml': configMap('a', '2') },
      'Drop b, change a',
    );
    const applied = await reconcile(r1.status);
    expect(applied.status.lastAppliedRevision).toBe(second);
    expect(applied.pruned?.deleted.map(d => d.name)).toEqual(['b']);
    expect(await configMaps()).toEqual(['a=2']);
    expect(applied.applied.find(a => a.ref.name === 'a')?.diff).toEqual([
      { path: 'data.value', before: '1', after: '2', managers: [] },
    ]);

    const r2 = await untilReady(applied);
    expect(condition(r2.status, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'ReconciliationSucceeded',
    });
    expect(
      r2.status.health
        .map(h => `${h.ref.kind}/${h.ref.name}:${h.status}`)
        .sort(),
    ).toEqual(['ConfigMap/a:Healthy', 'Deployment/web:Healthy']);
    // A resync of the same revision changes nothing.
    const r3 = await reconcile(r2.status);
    expect(r3.applied.filter(a => a.action !== 'unchanged')).toEqual([]);
    expect(r3.pruned?.deleted).toEqual([]);
  });

  it('stays on a revision while frozen: drift is corrected, a change waits, a change elsewhere applies', async () => {
    const first = commit({ 'config.yaml': configMap('a', '1') }, 'First');
    const r1 = await reconcile(EMPTY_STATUS);
    const frozen = (previous: TargetStatus) =>
      reconcileTarget({ kubeConfig: kc, git, target, previous, stayOn: first });

    const change = commit({ 'config.yaml': configMap('a', '2') }, 'Change a');
    await kc.makeApiClient(CoreV1Api).patchNamespacedConfigMap({
      name: 'a',
      namespace,
      fieldManager: 'kubectl-edit',
      body: [{ op: 'replace', path: '/data/value', value: 'edited' }],
    });
    const held = await frozen(r1.status);
    expect(held.error).toBeUndefined();
    expect(held.status.lastAppliedRevision).toBe(first);
    expect(held.status.lastAttemptedRevision).toBe(change);
    expect(held.status.waiting).toEqual({
      revision: change,
      commit: expect.objectContaining({ message: 'Change a' }),
    });
    expect(held.status.drift?.corrected).toBe(true);
    expect(await configMaps()).toEqual(['a=1']);

    // A commit that leaves this service's render as it is applies even while frozen.
    repo.commit({ 'clusters/staging/api/x.yaml': configMap('x', '1') }, 'x');
    commit({ 'config.yaml': configMap('a', '1') }, 'Back to 1');
    const elsewhere = await frozen(held.status);
    expect(elsewhere.status.lastAppliedRevision).toBe(
      elsewhere.status.lastAttemptedRevision,
    );
    expect(elsewhere.status.waiting).toBeUndefined();
    expect(elsewhere.status.lastChange?.revision).toBe(first);

    commit({ 'config.yaml': configMap('a', '3') }, 'Three');
    const thawed = await reconcile(elsewhere.status);
    expect(thawed.status.waiting).toBeUndefined();
    expect(await configMaps()).toEqual(['a=3']);
  });

  it("leaves a Canary's apex Service selector to the canary engine", async () => {
    await installCanaryCrd(kc);
    const first = commit(
      {
        'deployment.yaml': webDeploymentYaml('web:1.0'),
        'service.yaml': `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
`,
        'canary.yaml': `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata: { name: web }
spec:
  provider: kubernetes
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80, targetPort: 8080 }
  analysis: { interval: 30s, threshold: 2, iterations: 2 }
`,
      },
      'web with a canary',
    );
    const applied = await reconcile(EMPTY_STATUS);
    expect(applied.status.lastAppliedRevision).toBe(first);
    const r1 = await untilReady(applied);
    expect(condition(r1.status, 'Ready')?.status).toBe('True');
    // The canary engine points the apex at the primary, with its own field manager.
    await ObjectClient.forConfig(kc).apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace },
        spec: { selector: { app: 'web-primary' } },
      } as any,
      CANARY_FIELD_MANAGER,
    );
    const r2 = await reconcile(r1.status);
    expect(r2.applied.find(a => a.ref.kind === 'Service')?.action).toBe(
      'unchanged',
    );
    expect(r2.status.drift).toBeUndefined();
    const live = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedService({ name: 'web', namespace });
    expect(live.spec?.selector).toEqual({ app: 'web-primary' });
    expect(live.spec?.ports?.[0].port).toBe(80);
  });

  it('applies nothing and prunes nothing when a manifest is invalid', async () => {
    const good = commit(
      { 'config.yaml': `${configMap('a', '1')}---\n${configMap('b', '1')}` },
      'good',
    );
    const r1 = await reconcile(EMPTY_STATUS);

    const bad = commit(
      {
        'config.yaml': configMap('a', '2'),
        'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
        'outside.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: kube-system\n`,
        'unknown.yaml':
          'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
      },
      'bad',
    );
    const r2 = await reconcile(r1.status);

    expect(r2.error?.message).toContain(
      'broken.yaml:1: metadata.name is missing (ConfigMap)',
    );
    expect(r2.error?.message).toContain(
      'outside.yaml:1: metadata.namespace "kube-system" is not a namespace this environment allows',
    );
    expect(r2.error?.message).toContain(
      'unknown.yaml:1: kind Widget in example.com/v1 is not served by the cluster',
    );
    expect(r2.status.lastAttemptedRevision).toBe(bad);
    expect(r2.status.lastAppliedRevision).toBe(good);
    expect(r2.status.inventory).toEqual(r1.status.inventory);
    expect(condition(r2.status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ValidationFailed',
    });
    expect(condition(r2.status, 'Stalled')?.status).toBe('True');
    expect(await configMaps()).toEqual(['a=1', 'b=1']);
  });

  it('keeps the last state and says why when Git is unreachable', async () => {
    const good = commit({ 'config.yaml': configMap('kept', '1') }, 'good');
    const r1 = await reconcile(EMPTY_STATUS);
    fs.renameSync(origin, `${origin}-gone`);

    const r2 = await reconcile(r1.status);

    expect(r2.error?.message).toMatch(/cannot fetch branch main of .*origin/);
    expect(r2.status.lastAppliedRevision).toBe(good);
    expect(r2.status.inventory).toEqual(r1.status.inventory);
    expect(condition(r2.status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'GitOperationFailed',
    });
    expect(condition(r2.status, 'Stalled')?.status).toBe('False');
    expect(await configMaps()).toContain('kept=1');
  });

  it('rebuilds the inventory from labels when the stored status is lost', async () => {
    commit(
      { 'config.yaml': `${configMap('a', '1')}---\n${configMap('lost', '1')}` },
      'two',
    );
    await reconcile(EMPTY_STATUS);
    commit({ 'config.yaml': configMap('a', '1') }, 'drop lost');

    const r2 = await reconcileTarget({
      kubeConfig: kc,
      git,
      // Earlier tests' objects of this target are found too and leave with it: no confirmation here.
      target: {
        ...target,
        pruneLimits: { confirmAboveFraction: 1, confirmAboveCount: 100 },
      },
      previous: EMPTY_STATUS,
      rebuildInventory: true,
    });

    expect(r2.pruned?.deleted.map(d => `${d.kind}/${d.name}`)).toContain(
      'ConfigMap/lost',
    );
    expect(await configMaps()).toEqual(['a=1']);
  });

  it('fails the target when objects stay unhealthy past the progress deadline', async () => {
    const stuck = webDeploymentYaml('web:1.0').replace(
      '    spec:\n',
      '    spec:\n      nodeSelector: { slipway.io/no-such-node: "true" }\n',
    );
    commit({ 'deployment.yaml': stuck }, 'unschedulable');
    target.progressDeadlineSeconds = 1;
    const r1 = await reconcile(EMPTY_STATUS);
    expect(condition(r1.status, 'Reconciling')?.status).toBe('True');
    await new Promise(r => setTimeout(r, 1500));

    const r2 = await reconcile(r1.status);

    expect(condition(r2.status, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(condition(r2.status, 'Ready')?.message).toContain(
      'not healthy 1 s after revision',
    );
  });

  describe('drift', () => {
    const editByHand = (value: string) =>
      kc.makeApiClient(CoreV1Api).patchNamespacedConfigMap({
        name: 'drifty',
        namespace,
        fieldManager: 'kubectl-edit',
        body: [{ op: 'replace', path: '/data/value', value }],
      });
    const expectedDrift = (corrected: boolean) => ({
      detectedAt: expect.any(String),
      corrected,
      objects: [
        {
          ref: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            namespace,
            name: 'drifty',
          },
          fields: [
            {
              path: 'data.value',
              before: 'by hand',
              after: 'from git',
              managers: ['kubectl-edit'],
            },
          ],
        },
      ],
    });

    it('corrects a field edited by hand and records who changed it', async () => {
      commit({ 'config.yaml': configMap('drifty', 'from git') }, 'drift');
      const r1 = await reconcile(EMPTY_STATUS);
      await editByHand('by hand');

      const r2 = await reconcile(r1.status);

      expect(r2.status.drift).toEqual(expectedDrift(true));
      expect(r2.applied[0].action).toBe('configured');
      expect(await configMaps()).toContain('drifty=from git');
      // Corrected: the next resync finds nothing new and keeps the record.
      const r3 = await reconcile(r2.status);
      expect(r3.applied[0].action).toBe('unchanged');
      expect(r3.status.drift).toEqual(r2.status.drift);
    });

    it('only reports drift when the target is detect-only', async () => {
      commit({ 'config.yaml': configMap('drifty', 'from git') }, 'drift');
      target.driftMode = 'detect';
      const r1 = await reconcile(EMPTY_STATUS);
      expect(await configMaps()).toContain('drifty=from git');
      await editByHand('by hand');

      const r2 = await reconcile(r1.status);

      expect(r2.status.drift).toEqual(expectedDrift(false));
      expect(r2.applied[0].action).toBe('differs');
      expect(await configMaps()).toContain('drifty=by hand');

      // A new commit is still applied in detect-only mode.
      commit({ 'config.yaml': configMap('drifty', 'new in git') }, 'new');
      await reconcile(r2.status);
      expect(await configMaps()).toContain('drifty=new in git');
    });
  });
});
