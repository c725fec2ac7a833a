import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { applyManifests } from './applyManifests';
import { resolveBinaries, resolveHelm, resolveKustomize } from './binaries';
import { CLUSTER_KIT_CHART_DIR, DEPLOY_DIR } from './clusterKit';
import { waitFor } from './readiness';
import { serviceAccountToken } from './serviceAccountToken';
import { acquireTestNamespace, TestNamespace } from './testNamespace';

jest.setTimeout(180_000);

const REPO_ROOT = path.resolve(DEPLOY_DIR, '..');
const ENGINE_SA = 'system:serviceaccount:slipway-system:slipway-engine';
const GROUP = 'slipway-engine';

type Right = {
  verb: string;
  resource: string;
  where: string;
  allowed: 'yes' | 'no';
};

/** The rights table of docs/cluster-kit.md: what the docs promise, asked of the API server. */
function documentedRights(): Right[] {
  const doc = fs.readFileSync(
    path.join(REPO_ROOT, 'docs/cluster-kit.md'),
    'utf8',
  );
  const section = doc.split('## What the engine may do')[1].split('\n## ')[0];
  return section
    .split('\n')
    .filter(line => /^\|\s*[a-z]/.test(line))
    .map(line => line.split('|').map(cell => cell.trim()))
    .filter(([, verb]) => verb !== 'verb')
    .map(([, verb, resource, where, allowed]) => ({
      verb,
      resource,
      where,
      allowed: allowed as Right['allowed'],
    }));
}

/** `kubectl apply --server-side` for a rendered kit, as a user would run it. */
async function applyKit(ns: TestNamespace, text: string) {
  await applyManifests(ns.kubeConfig, text, 'slipway-cluster-kit-test');
}

describe('the cluster kit (deploy/): kustomize base and Helm chart', () => {
  const rights = documentedRights();
  const namespaces: TestNamespace[] = [];
  let work: string;
  let kubeconfig: string;

  const namespace = async (prefix: string) => {
    const ns = await acquireTestNamespace(prefix);
    namespaces.push(ns);
    return ns;
  };
  const run = (file: string, args: string[], cwd = REPO_ROOT) =>
    execFileSync(file, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  /** `kubectl auth can-i` prints yes or no and exits 1 on no. */
  const canI = (
    as: string[],
    right: Right,
    writeNs: string,
    otherNs: string,
  ) => {
    const [resource, subresource] = right.resource.includes('/')
      ? [
          right.resource.slice(0, right.resource.lastIndexOf('/')),
          right.resource.slice(right.resource.lastIndexOf('/') + 1),
        ]
      : [right.resource, undefined];
    const scope = {
      'all namespaces': ['--all-namespaces'],
      'write namespace': ['-n', writeNs],
      'other namespace': ['-n', otherNs],
      cluster: [],
    }[right.where];
    if (!scope) throw new Error(`unknown "where" in the docs: ${right.where}`);
    const args = [
      '--kubeconfig',
      kubeconfig,
      'auth',
      'can-i',
      right.verb,
      resource,
      ...(subresource ? [`--subresource=${subresource}`] : []),
      ...scope,
      ...as,
    ];
    try {
      return run(resolveBinaries().kubectl, args).trim();
    } catch (error) {
      return String((error as { stdout?: string }).stdout).trim();
    }
  };
  const answers = (as: string[], writeNs: string, otherNs: string) =>
    rights.map(right => ({
      ...right,
      answer: canI(as, right, writeNs, otherNs),
    }));
  const expected = () =>
    rights.map(right => ({ ...right, answer: right.allowed }));

  /** slipway-rbac, the CLI the docs tell users to run, on an app-config with one environment. */
  const slipwayRbac = (writeNs: string, args: string[]) => {
    const config = path.join(work, `app-config-${writeNs}.yaml`);
    fs.writeFileSync(
      config,
      stringify({
        slipway: {
          clusters: ['kit', 'another-cluster'].map(name => ({
            name,
            authProvider: 'aws',
          })),
          environments: [
            {
              name: 'staging',
              cluster: 'kit',
              repository: 'file:///nowhere.git',
              namespaces: [writeNs],
            },
            {
              name: 'elsewhere',
              cluster: 'another-cluster',
              repository: 'file:///nowhere.git',
              namespaces: ['not-this-cluster'],
              clusterScopedKinds: ['Namespace'],
            },
          ],
        },
      }),
    );
    return run(process.execPath, [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'slipwayRbacCli.ts'),
      '--config',
      config,
      '--cluster',
      'kit',
      '--group',
      GROUP,
      ...args,
    ]);
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-kit-'));
    const first = await namespace('kit');
    kubeconfig = path.join(work, 'kubeconfig');
    fs.writeFileSync(kubeconfig, first.kubeConfig.exportConfig());
  });
  afterAll(async () => {
    for (const ns of namespaces) await ns.release();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('documents the rights it checks', () => {
    expect(rights.length).toBeGreaterThanOrEqual(15);
    expect(rights.filter(r => r.allowed === 'no').length).toBeGreaterThan(5);
  });

  it('kustomize: the base and the overlay slipway-rbac makes grant the documented rights, to the ServiceAccount and to the group', async () => {
    const writeNs = (await namespace('kit-kustomize')).namespace;
    const otherNs = (await namespace('kit-kustomize-other')).namespace;
    const overlay = path.join(work, 'overlay');
    const said = slipwayRbac(writeNs, ['--out', overlay]);
    expect(said).toContain(`slipway-engine-write bound in ${writeNs}`);
    const built = run(resolveKustomize(), ['build', overlay]);
    const kinds = parseAllDocuments(built).map(d => d.toJS().kind);
    expect(kinds).toContain('CustomResourceDefinition');
    expect(built).not.toContain('not-this-cluster');
    await applyKit(namespaces[0], built);

    expect(answers(['--as', ENGINE_SA], writeNs, otherNs)).toEqual(expected());
    expect(
      answers(['--as', 'someone', '--as-group', GROUP], writeNs, otherNs),
    ).toEqual(expected());

    // Not only what RBAC would answer: the API server refuses the engine's own token elsewhere.
    const admin = namespaces[0].kubeConfig;
    const engine = new KubeConfig();
    engine.loadFromClusterAndUser(admin.getCurrentCluster()!, {
      name: 'engine',
      token: await serviceAccountToken(admin, {
        namespace: 'slipway-system',
        name: 'slipway-engine',
      }),
    });
    const configMap = (ns: string) =>
      engine.makeApiClient(CoreV1Api).createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'probe' }, data: { a: 'b' } },
      });
    await expect(configMap(writeNs)).resolves.toBeDefined();
    await expect(configMap(otherNs)).rejects.toMatchObject({ code: 403 });
  });

  it('Helm: the chart with the values slipway-rbac writes and values-eks.yaml grants the same rights, and installs the CRD', async () => {
    const writeNs = (await namespace('kit-helm')).namespace;
    const otherNs = (await namespace('kit-helm-other')).namespace;
    const backstageNs = (await namespace('kit-backstage')).namespace;
    const values = path.join(work, 'rbac-values.yaml');
    slipwayRbac(writeNs, ['--values', values]);
    const rendered = run(resolveHelm(), [
      'template',
      'slipway-cluster',
      CLUSTER_KIT_CHART_DIR,
      '--namespace',
      'slipway-system',
      '--include-crds',
      '-f',
      path.join(CLUSTER_KIT_CHART_DIR, 'values.yaml'),
      '-f',
      values,
      '--set',
      `backstageServiceAccount.create=true,backstageServiceAccount.namespace=${backstageNs}`,
      '--set-string',
      'backstageServiceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/backstage-slipway',
    ]);
    await applyKit(namespaces[0], rendered);
    const crds = namespaces[0].kubeConfig.makeApiClient(ApiextensionsV1Api);
    await waitFor('canaries.slipway.io established', async () => {
      const crd = await crds.readCustomResourceDefinition({
        name: 'canaries.slipway.io',
      });
      return Boolean(
        crd.status?.conditions?.some(
          c => c.type === 'Established' && c.status === 'True',
        ),
      );
    });

    expect(answers(['--as', ENGINE_SA], writeNs, otherNs)).toEqual(expected());
    expect(
      answers(['--as', 'someone', '--as-group', GROUP], writeNs, otherNs),
    ).toEqual(expected());
    expect(
      run(resolveBinaries().kubectl, [
        '--kubeconfig',
        kubeconfig,
        'get',
        'serviceaccount',
        'backstage',
        '-n',
        backstageNs,
        '-o',
        'jsonpath={.metadata.annotations}',
      ]),
    ).toContain('arn:aws:iam::111122223333:role/backstage-slipway');
  });

  it('Helm on EKS: values-eks.yaml binds the group alone, and the install notes give the access entry command', () => {
    const rendered = run(resolveHelm(), [
      'install',
      'slipway-cluster',
      CLUSTER_KIT_CHART_DIR,
      '--dry-run=client',
      '--take-ownership',
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'slipway-system',
      '-f',
      path.join(CLUSTER_KIT_CHART_DIR, 'values-eks.yaml'),
      '--set',
      'writeNamespaces={shop}',
    ]);
    const objects = parseAllDocuments(rendered.split('NOTES:')[0])
      .map(d => d.toJS())
      .filter(Boolean);
    expect(
      objects
        .filter(o => o.kind === 'ServiceAccount')
        .map(o => o.metadata.name),
    ).toEqual(['backstage']);
    const write = objects.find(o => o.kind === 'RoleBinding');
    expect(write.subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: GROUP },
    ]);
    expect(rendered).toContain(
      'aws eks create-access-entry --cluster-name my-cluster',
    );
    expect(rendered).toContain(
      '--principal-arn arn:aws:iam::111122223333:role/backstage-slipway',
    );
  });

  it('Helm: a cluster-scoped kind an environment allows gets a rule for it alone, and bad values are refused naming the field', () => {
    const chart = (...args: string[]) =>
      run(resolveHelm(), [
        'template',
        'slipway-cluster',
        CLUSTER_KIT_CHART_DIR,
        ...args,
      ]);
    const scoped = chart(
      '--set-json',
      'clusterScopedRules=[{"apiGroups":[""],"resources":["namespaces"]}]',
    );
    const role = parseAllDocuments(scoped)
      .map(d => d.toJS())
      .find(o => o?.metadata?.name === 'slipway-engine-cluster-scoped');
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['namespaces'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ]);
    expect(() => chart('--set', 'writeNamespaces={Not_A_Namespace}')).toThrow(
      /writeNamespaces\/0.*does not match pattern/,
    );
    expect(() => chart('--set', 'engine.token=abc')).toThrow(
      /additional properties 'token' not allowed/,
    );
  });
});
