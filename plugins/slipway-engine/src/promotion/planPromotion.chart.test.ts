import { resolveHelm } from '@slipway/local-cluster';
import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { RemoteCharts } from '../charts/RemoteCharts';
import { GitRepositoryCache } from '../git/GitRepositoryCache';
import {
  packageTestChart,
  serveChartRepository,
  TEST_CHART,
} from '../testUtils/testChart';
import { createTestRepository } from '../testUtils/testRepository';
import { planPromotion } from './planPromotion';

const release = (chart: string, extra = '') => `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart: ${chart}
release: { name: web }
${extra}`;

describe('promoting a chart release', () => {
  let root: string;
  let repo: ReturnType<typeof createTestRepository>;
  let git: GitRepositoryCache;
  const env = (environment: string) => ({
    environment,
    git: { url: repo.dir, branch: 'main' },
    path: `apps/web/${environment}`,
  });
  const promote = (charts?: RemoteCharts) =>
    planPromotion({
      git,
      from: env('staging'),
      to: env('production'),
      helm: resolveHelm(),
      charts,
    });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'promote-chart-'));
    repo = createTestRepository(path.join(root, 'config'));
    git = new GitRepositoryCache(path.join(root, 'cache'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it("writes staging's image tag into production's values file, comments kept", async () => {
    const local = release(
      '{ path: ../../../charts/web }',
      'valuesFiles: [values.yaml]\n',
    );
    repo.commit(
      {
        ...TEST_CHART,
        'apps/web/staging/slipway-chart.yaml': local,
        'apps/web/staging/values.yaml': 'image: { tag: "1.2.0" }\n',
        'apps/web/production/slipway-chart.yaml': local,
        'apps/web/production/values.yaml':
          '# production is promoted into\nimage:\n  tag: "1.1.0" # from staging\nreplicas: 3\n',
      },
      'web 1.2.0 in staging',
    );
    const plan = await promote();
    expect(plan.changes).toEqual([
      {
        file: 'apps/web/production/values.yaml',
        name: 'registry.example.com/web',
        from: 'registry.example.com/web:1.1.0',
        to: 'registry.example.com/web:1.2.0',
      },
    ]);
    expect(plan.files).toEqual({
      'apps/web/production/values.yaml':
        '# production is promoted into\nimage:\n  tag: "1.2.0" # from staging\nreplicas: 3\n',
    });
  });

  it("carries staging's chart version from a chart repository into production's release file", async () => {
    const dir = path.join(root, 'repo-files');
    for (const version of ['1.0.0', '1.1.0']) {
      packageTestChart(resolveHelm(), root, dir, version);
    }
    const { url, server } = await serveChartRepository(
      resolveHelm(),
      root,
      dir,
    );
    try {
      const remote = (version: string) =>
        release(
          `{ repository: "${url}", name: web, version: ${version} } # pinned`,
        );
      repo.commit(
        {
          'apps/web/staging/slipway-chart.yaml': remote('1.1.0'),
          'apps/web/production/slipway-chart.yaml': remote('1.0.0'),
        },
        'chart 1.1.0 in staging',
      );
      const plan = await promote(
        new RemoteCharts({ cacheDir: path.join(root, 'charts') }),
      );
      expect(plan.changes).toEqual([
        {
          file: 'apps/web/production/slipway-chart.yaml',
          name: 'chart',
          from: '1.0.0',
          to: '1.1.0',
        },
      ]);
      expect(plan.files['apps/web/production/slipway-chart.yaml']).toBe(
        remote('1.1.0'),
      );

      // The same chart version in both: staging's tag, named by the chart's own values, goes to production.
      repo.commit(
        {
          'apps/web/staging/slipway-chart.yaml': remote('1.0.0'),
          'apps/web/staging/values.yaml': 'image: { tag: "1.0.1" }\n',
          'apps/web/production/values.yaml': '# production\n{}\n',
          ...Object.fromEntries(
            ['staging', 'production'].map(e => [
              `apps/web/${e}/slipway-chart.yaml`,
              `${remote('1.0.0')}valuesFiles: [values.yaml]\n`,
            ]),
          ),
        },
        'web 1.0.1 in staging',
      );
      const tagged = await promote(
        new RemoteCharts({ cacheDir: path.join(root, 'charts') }),
      );
      expect(tagged.changes).toEqual([
        {
          file: 'apps/web/production/values.yaml',
          name: 'registry.example.com/web',
          from: 'registry.example.com/web:1.0.0',
          to: 'registry.example.com/web:1.0.1',
        },
      ]);
    } finally {
      server.close();
    }
  });
});
