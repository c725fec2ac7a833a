import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { acquireTestNamespace, TestNamespace } from '@slipway/local-cluster';
import { serverSideApply } from '../apply/serverSideApply';
import type { SourcedManifest } from '../render/manifest';
import { leftGit, prune } from './prune';
import { ObjectClient } from '../apply/ObjectClient';

jest.setTimeout(120_000);

describe('prune', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  let namespace: string;
  const target = () => ({
    service: 'web',
    environment: 'staging',
    defaultNamespace: namespace,
  });

  const configMap = (
    name: string,
    annotations?: Record<string, string>,
  ): SourcedManifest => ({
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, annotations },
      data: { k: name },
    },
    file: `${name}.yaml`,
    line: 1,
  });

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('prune');
    kc = testNamespace.kubeConfig;
    client = ObjectClient.forConfig(kc);
    namespace = testNamespace.namespace;
  });
  afterAll(() => testNamespace?.release());

  it('deletes what left Git, except objects that opt out', async () => {
    const before = await serverSideApply(
      client,
      [
        configMap('stays'),
        configMap('leaves'),
        configMap('opted-out', { 'slipway.io/prune': 'disabled' }),
      ],
      target(),
    );
    const after = await serverSideApply(client, [configMap('stays')], target());

    const result = await prune(
      client,
      target(),
      leftGit(
        before.map(r => r.ref),
        after.map(r => r.ref),
      ),
    );

    expect(result.deleted.map(r => r.name)).toEqual(['leaves']);
    expect(result.kept.map(r => r.name)).toEqual(['opted-out']);
    const names = (
      await kc.makeApiClient(CoreV1Api).listNamespacedConfigMap({
        namespace,
        labelSelector: 'slipway.io/service=web',
      })
    ).items.map(c => c.metadata?.name);
    expect(names.sort()).toEqual(['opted-out', 'stays']);

    // Pruning again finds nothing more to do.
    expect(
      await prune(
        client,
        target(),
        leftGit(
          before.map(r => r.ref),
          after.map(r => r.ref),
        ),
      ),
    ).toEqual({
      deleted: [],
      kept: [
        { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'opted-out' },
      ],
      notOwned: [],
    });
  });

  it('leaves an object whose labels no longer name the target', async () => {
    const before = await serverSideApply(
      client,
      [configMap('mine'), configMap('taken')],
      target(),
    );
    // Someone relabels it by hand: it now belongs to another service.
    await client.mergePatch({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        namespace,
        name: 'taken',
        labels: { 'slipway.io/service': 'other' },
      },
    });

    const result = await prune(
      client,
      target(),
      leftGit(
        before.map(r => r.ref),
        [],
      ),
    );

    expect(result.deleted.map(r => r.name)).toEqual(['mine']);
    expect(result.notOwned.map(r => r.name)).toEqual(['taken']);
    const taken = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({ namespace, name: 'taken' });
    expect(taken.metadata?.labels?.['slipway.io/service']).toBe('other');
  });
});
