import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  ENGINE_ACCOUNT,
  engineRbac,
  RBAC_BASE_DIR,
} from '@slipway/backstage-plugin-slipway-node';
import {
  acquireTestNamespace,
  applyManifests,
  resolveBinaries,
  resolveKustomize,
  serviceAccountToken,
  TestNamespace,
} from '@slipway/local-cluster';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(120_000);

const ENGINE = `system:serviceaccount:${ENGINE_ACCOUNT.namespace}:${ENGINE_ACCOUNT.name}`;

/**
 * The engine's rights, made from the environments by the overlay generator,
 * built by the real kustomize and applied to a real API server: it writes
 * (Secrets included) only in the namespaces a service may write, and
 * nothing cluster-wide.
 */
describe('the engine identity from deploy/rbac', () => {
  let allowed: TestNamespace;
  let other: TestNamespace;
  let work: string;
  let kubeconfig: string;
  const kubectl = (...args: string[]) =>
    execFileSync(
      resolveBinaries().kubectl,
      ['--kubeconfig', kubeconfig, ...args],
      {
        encoding: 'utf8',
      },
    );
  /** `kubectl auth can-i` answers yes/no, and exits 1 on no. */
  const canI = (...args: string[]) => {
    try {
      return kubectl('auth', 'can-i', '--as', ENGINE, ...args).trim();
    } catch (error) {
      return String((error as { stdout?: string }).stdout).trim();
    }
  };

  beforeAll(async () => {
    allowed = await acquireTestNamespace('rbac-allowed');
    other = await acquireTestNamespace('rbac-other');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rbac-'));
    kubeconfig = path.join(work, 'kubeconfig');
    fs.writeFileSync(kubeconfig, allowed.kubeConfig.exportConfig());
    const overlay = path.join(work, 'overlay');
    fs.mkdirSync(overlay);
    const { files } = engineRbac(
      [
        {
          name: 'staging',
          namespaces: [allowed.namespace],
          clusterScopedKinds: [],
        },
      ],
      { base: path.relative(overlay, RBAC_BASE_DIR) },
    );
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(overlay, name), text);
    }
    const built = execFileSync(resolveKustomize(), ['build', overlay], {
      encoding: 'utf8',
    });
    await applyManifests(allowed.kubeConfig, built, 'slipway-tests');
  });
  afterAll(async () => {
    await other?.release();
    await allowed?.release();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('writes Secrets only in the namespaces its environments allow, and none cluster-wide', () => {
    expect(canI('create', 'secrets', '-n', allowed.namespace)).toBe('yes');
    expect(canI('delete', 'deployments.apps', '-n', allowed.namespace)).toBe(
      'yes',
    );
    expect(canI('create', 'secrets', '-n', other.namespace)).toBe('no');
    expect(canI('create', 'secrets', '--all-namespaces')).toBe('no');
    expect(canI('create', 'clusterrolebindings')).toBe('no');
    expect(canI('create', 'namespaces')).toBe('no');
    const list = kubectl(
      'auth',
      'can-i',
      '--list',
      '--as',
      ENGINE,
      '-n',
      other.namespace,
    );
    const secrets = list.split('\n').find(l => /^secrets\s/.test(l));
    expect(secrets).toMatch(/\[get list watch\]/);
    // It still reads what it reports on everywhere.
    expect(canI('list', 'deployments.apps', '--all-namespaces')).toBe('yes');
  });

  it('is refused by the API server when it writes elsewhere', async () => {
    const token = await serviceAccountToken(allowed.kubeConfig, ENGINE_ACCOUNT);
    const engine = new KubeConfig();
    engine.loadFromClusterAndUser(allowed.kubeConfig.getCurrentCluster()!, {
      name: 'engine',
      token,
    });
    const core = engine.makeApiClient(CoreV1Api);
    const configMap = (namespace: string) =>
      core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: 'probe' }, data: { a: 'b' } },
      });
    await expect(configMap(allowed.namespace)).resolves.toBeDefined();
    await expect(configMap(other.namespace)).rejects.toMatchObject({
      code: 403,
    });
  });
});
