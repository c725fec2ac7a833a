import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { acquireTestNamespace, TestNamespace } from '@slipway/local-cluster';
import type { SourcedManifest } from '../render/manifest';
import { existsInCluster } from './existsInCluster';
import { ObjectClient } from './ObjectClient';
import { OwnedElsewhereError } from './ownership';
import { leftGit, prune } from '../inventory/prune';
import { serverSideApply } from './serverSideApply';

jest.setTimeout(120_000);

/**
 * No takeover: an object that another service's target or another tool
 * holds is not overwritten, and nothing of the render is applied, until it
 * is handed over on the live object (or the environment adopts unlabelled
 * objects, never Namespaces).
 */
describe('serverSideApply and objects it does not own', () => {
  let testNamespace: TestNamespace;
  let kc: KubeConfig;
  let client: ObjectClient;
  let namespace: string;
  const web = () => ({
    service: 'web',
    environment: 'staging',
    defaultNamespace: namespace,
  });
  const configMap = (name: string): SourcedManifest => ({
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace },
      data: { from: 'git' },
    },
    file: `${name}.yaml`,
    line: 1,
  });
  const live = (name: string) =>
    kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ namespace, name });
  const exists = (name: string) =>
    live(name).then(
      () => true,
      () => false,
    );
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(OwnedElsewhereError);
    return (error as OwnedElsewhereError).objects.map(
      o => `${o.kind} ${o.name}: ${o.owner}`,
    );
  };

  beforeAll(async () => {
    testNamespace = await acquireTestNamespace('ownership');
    kc = testNamespace.kubeConfig;
    client = ObjectClient.forConfig(kc);
    namespace = testNamespace.namespace;
  });
  afterAll(() => testNamespace?.release());

  it("leaves another service's object alone, applies nothing, until it is handed over", async () => {
    await serverSideApply(client, [configMap('shared-settings')], {
      ...web(),
      service: 'payments',
    });

    expect(
      await refusal(
        serverSideApply(
          client,
          [configMap('web-only'), configMap('shared-settings')],
          web(),
        ),
      ),
    ).toEqual([
      'ConfigMap shared-settings: Slipway service "payments" in staging',
    ]);
    expect(await exists('web-only')).toBe(false);
    expect(
      (await live('shared-settings')).metadata?.labels?.['slipway.io/service'],
    ).toBe('payments');

    // Someone who may edit the live object hands it over.
    await client.mergePatch({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        namespace,
        name: 'shared-settings',
        annotations: { 'slipway.io/adopt': 'web' },
      },
    });
    await serverSideApply(
      client,
      [configMap('web-only'), configMap('shared-settings')],
      web(),
    );
    expect(
      (await live('shared-settings')).metadata?.labels?.['slipway.io/service'],
    ).toBe('web');
  });

  it('leaves an object another tool made alone, unless the environment adopts unlabelled objects', async () => {
    await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'handmade' }, data: { from: 'kubectl' } },
      fieldManager: 'kubectl-create',
    });

    expect(
      await refusal(serverSideApply(client, [configMap('handmade')], web())),
    ).toEqual([
      'ConfigMap handmade: field managers kubectl-create (no Slipway labels)',
    ]);
    expect((await live('handmade')).data).toEqual({ from: 'kubectl' });

    await serverSideApply(client, [configMap('handmade')], {
      ...web(),
      adoptUnlabelled: true,
    });
    expect((await live('handmade')).data).toEqual({ from: 'git' });
  });

  it('sees an object made by someone else when it assumes a new target has none', async () => {
    await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'made-meanwhile' }, data: { from: 'helm' } },
      fieldManager: 'helm',
    });
    const startedAt = Date.now();

    expect(
      await refusal(
        serverSideApply(client, [configMap('made-meanwhile')], web(), {
          assumeAbsent: async desired =>
            !(await existsInCluster(client, desired, startedAt)),
        }),
      ),
    ).toEqual([
      'ConfigMap made-meanwhile: field managers helm (no Slipway labels)',
    ]);
    expect((await live('made-meanwhile')).data).toEqual({ from: 'helm' });
  });

  it("leaves another catalog entity's objects alone, though it names the same service", async () => {
    const applied = await serverSideApply(client, [configMap('entity-owned')], {
      ...web(),
      entity: 'component:default/web',
    });
    expect(
      (await live('entity-owned')).metadata?.annotations?.['slipway.io/entity'],
    ).toBe('component:default/web');

    const impostor = { ...web(), entity: 'component:default/impostor' };
    expect(
      await refusal(
        serverSideApply(client, [configMap('entity-owned')], impostor),
      ),
    ).toEqual(['ConfigMap entity-owned: catalog entity component:default/web']);
    const pruned = await prune(
      client,
      impostor,
      leftGit(
        applied.map(a => a.ref),
        [],
      ),
    );
    expect(pruned.notOwned.map(r => r.name)).toEqual(['entity-owned']);
    expect(await exists('entity-owned')).toBe(true);
  });
});
