import { loadAllYaml } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canarySpecProblems } from '@slipway/backstage-plugin-slipway-common';
import { ensureConfigRepo } from './configRepo';
import { DEMO_REGISTRY_HOST } from './exampleServices';

describe('ensureConfigRepo', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-config-repo-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

  it('creates a Git repository with each service under clusters/<environment>/<service>, and catalog/', async () => {
    await ensureConfigRepo(dir);

    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git('rev-list', '--count', 'HEAD')).toBe('1');
    expect(git('ls-files').split('\n').sort()).toEqual(
      [
        ...['checkout', 'payments', 'storefront'].flatMap(s => [
          `clusters/production/${s}/manifests.yaml`,
          `clusters/staging/${s}/manifests.yaml`,
        ]),
        'clusters/staging/checkout/canary.yaml',
        'clusters/staging/payments/canary.yaml',
        // The chart service: a release of the demo's chart per environment.
        ...['production', 'staging'].flatMap(e => [
          `clusters/${e}/ledger/slipway-chart.yaml`,
          `clusters/${e}/ledger/values.yaml`,
        ]),
        // The catalog's catalog/*.yaml location matches a file from the start.
        'catalog/proposed.yaml',
      ].sort(),
    );

    const docs = loadAllYaml(
      fs.readFileSync(
        path.join(dir, 'clusters/production/payments/manifests.yaml'),
        'utf8',
      ),
    ) as any[];
    expect(
      docs.map(d => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`),
    ).toEqual([
      'Deployment/production/payments',
      'Service/production/payments',
    ]);
    const deployment = docs[0];
    // No replicas field: the canary engine and autoscalers own the replica count.
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.metadata.labels).toMatchObject(
      deployment.spec.selector.matchLabels,
    );
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `${DEMO_REGISTRY_HOST}/slipway-demo/payments:0.9.7`,
    );
  });

  it('gives checkout and payments in staging a Canary the API would accept', async () => {
    await ensureConfigRepo(dir);
    for (const service of ['checkout', 'payments']) {
      const [canary] = loadAllYaml(
        fs.readFileSync(
          path.join(dir, `clusters/staging/${service}/canary.yaml`),
          'utf8',
        ),
      ) as any[];
      expect(canary.metadata).toEqual({ name: service, namespace: 'staging' });
      expect(canarySpecProblems(canary.spec)).toEqual([]);
      expect(canary.spec.targetRef.name).toBe(service);
    }
  });

  it('keeps an existing repository, with the changes made to it', async () => {
    await ensureConfigRepo(dir);
    fs.writeFileSync(path.join(dir, 'NOTES'), 'mine');
    git('add', 'NOTES');
    git(
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.com',
      'commit',
      '-q',
      '-m',
      'a change of mine',
    );

    await ensureConfigRepo(dir);

    expect(git('log', '-1', '--format=%s')).toBe('a change of mine');
    expect(git('rev-list', '--count', 'HEAD')).toBe('2');
  });
});
