import {
  AppsV1Api,
  AuthorizationV1Api,
  CoordinationV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  V1ConfigMap,
  Watch,
} from '@kubernetes/client-node';
import { acquireTestCluster, TestCluster } from './testCluster';
import { waitFor } from './readiness';

jest.setTimeout(180_000);

describe('the local control plane', () => {
  let cluster: TestCluster;
  let kc: KubeConfig;
  const namespace = `harness-${Date.now()}`;

  beforeAll(async () => {
    cluster = await acquireTestCluster();
    kc = cluster.kubeConfig;
    await kc
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: namespace } } });
    await waitFor('serviceaccount default in the test namespace', async () =>
      kc
        .makeApiClient(CoreV1Api)
        .readNamespacedServiceAccount({ name: 'default', namespace })
        .then(() => true),
    );
  });

  afterAll(async () => {
    await kc
      ?.makeApiClient(CoreV1Api)
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await cluster?.release();
  });

  it('runs a Deployment whose pods KWOK makes Ready', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
          },
        },
      },
    });

    const deployment = await waitFor('2 available replicas', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
    expect(deployment.status?.readyReplicas).toBe(2);

    const pods = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-/);
      expect(pod.status?.phase).toBe('Running');
      expect(
        pod.status?.conditions?.find(c => c.type === 'Ready')?.status,
      ).toBe('True');
    }
  });

  it('keeps the fake nodes alive through node Leases', async () => {
    const coordination = kc.makeApiClient(CoordinationV1Api);
    const nodes = await kc.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.length).toBeGreaterThan(0);
    for (const node of nodes.items) {
      const lease = await waitFor(`the Lease of ${node.metadata!.name}`, () =>
        coordination.readNamespacedLease({
          name: node.metadata!.name!,
          namespace: 'kube-node-lease',
        }),
      );
      const renewed = new Date(lease.spec!.renewTime!).getTime();
      expect(Date.now() - renewed).toBeLessThan(60_000);
      expect(lease.spec?.leaseDurationSeconds).toBe(40);
    }
  });

  it('records server-side apply in managedFields', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const apply = (data: Record<string, string>) =>
      objects.patch(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'applied', namespace },
          data,
        },
        undefined,
        undefined,
        'slipway',
        true,
        PatchStrategy.ServerSideApply,
      );
    await apply({ colour: 'blue' });
    const updated = (await apply({
      colour: 'green',
      size: 'L',
    })) as V1ConfigMap;

    expect(updated.data).toEqual({ colour: 'green', size: 'L' });
    const slipwayEntry = updated.metadata?.managedFields?.find(
      f => f.manager === 'slipway',
    );
    expect(slipwayEntry?.operation).toBe('Apply');
    expect(slipwayEntry?.fieldsV1).toMatchObject({
      'f:data': { 'f:colour': {}, 'f:size': {} },
    });
  });

  it('denies a ServiceAccount that has no rights', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({
      namespace,
      body: { metadata: { name: 'nobody' } },
    });
    const token = await core.createNamespacedServiceAccountToken({
      name: 'nobody',
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });

    const asNobody = new KubeConfig();
    const cluster0 = kc.getCurrentCluster()!;
    asNobody.loadFromOptions({
      clusters: [cluster0],
      users: [{ name: 'nobody', token: token.status!.token }],
      contexts: [{ name: 'nobody', cluster: cluster0.name, user: 'nobody' }],
      currentContext: 'nobody',
    });

    const review = await asNobody
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: {
          spec: {
            resourceAttributes: {
              namespace,
              verb: 'list',
              resource: 'secrets',
            },
          },
        },
      });
    expect(review.status?.allowed).toBe(false);

    await expect(
      asNobody.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('delivers a watched ConfigMap change', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'watched' }, data: { step: '1' } },
    });

    const seen: string[] = [];
    let resolveChange: (value: V1ConfigMap) => void;
    const changed = new Promise<V1ConfigMap>(r => {
      resolveChange = r;
    });
    const request = await new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      { fieldSelector: 'metadata.name=watched' },
      (type: string, obj: V1ConfigMap) => {
        seen.push(type);
        if (type === 'MODIFIED') {
          resolveChange(obj);
        }
      },
      () => undefined,
    );
    try {
      await core.patchNamespacedConfigMap({
        name: 'watched',
        namespace,
        body: [{ op: 'replace', path: '/data/step', value: '2' }],
      });
      const obj = await changed;
      expect(obj.data?.step).toBe('2');
      expect(seen[0]).toBe('ADDED');
    } finally {
      request.abort();
    }
  });
});
