import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { acquireTestNamespace, TestNamespace } from '@slipway/local-cluster';
import type { SourcedManifest } from '../render/manifest';
import { serverSideApply } from './serverSideApply';
import { ObjectClient } from './ObjectClient';

jest.setTimeout(120_000);

describe('serverSideApply', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  // A namespace of its own, created by the Namespace manifest below.
  const namespace = `apply-${Date.now().toString(36)}`;
  const target = {
    service: 'checkout',
    environment: 'staging',
    defaultNamespace: namespace,
  };

  const sourced = (object: any): SourcedManifest => ({
    object,
    file: 'm.yaml',
    line: 1,
  });
  const manifests = (colour: string) => [
    sourced({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'checkout-config' },
      data: { colour },
    }),
    sourced({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout', namespace },
      spec: {
        selector: { matchLabels: { app: 'checkout' } },
        template: {
          metadata: { labels: { app: 'checkout' } },
          spec: { containers: [{ name: 'app', image: 'checkout:1.0' }] },
        },
      },
    }),
    sourced({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    }),
  ];

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('apply');
    kc = testNamespace.kubeConfig;
    client = ObjectClient.forConfig(kc);
  });
  afterAll(async () => {
    await kc
      ?.makeApiClient(CoreV1Api)
      .deleteNamespace({ name: namespace })
      .catch(() => undefined);
    await testNamespace?.release();
  });

  it('creates, then leaves alone, then changes only what Git changed', async () => {
    const first = await serverSideApply(client, manifests('blue'), target);
    expect(first.map(r => [r.ref.kind, r.action])).toEqual([
      ['Namespace', 'created'],
      ['ConfigMap', 'created'],
      ['Deployment', 'created'],
    ]);

    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.readNamespacedConfigMap({
      name: 'checkout-config',
      namespace,
    });
    expect(created.metadata?.labels).toMatchObject({
      'slipway.io/service': 'checkout',
      'slipway.io/environment': 'staging',
    });
    expect(created.metadata?.managedFields?.map(f => f.manager)).toEqual([
      'slipway',
    ]);

    const again = await serverSideApply(client, manifests('blue'), target);
    expect(again.map(r => r.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    const untouched = await core.readNamespacedConfigMap({
      name: 'checkout-config',
      namespace,
    });
    expect(untouched.metadata?.resourceVersion).toBe(
      created.metadata?.resourceVersion,
    );

    const changed = await serverSideApply(client, manifests('green'), target);
    expect(changed.map(r => r.action)).toEqual([
      'unchanged',
      'configured',
      'unchanged',
    ]);
    expect(changed[1].diff).toEqual([
      { path: 'data.colour', before: 'blue', after: 'green', managers: [] },
    ]);
  });
});
