import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ChartValuesError, rewriteChartValues } from './rewriteChartValues';

describe('rewriteChartValues', () => {
  let root: string;
  const write = async (files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await fs.writeFile(path.join(root, file), text);
    }
  };
  const release = (extra = '') => `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart: { path: ../../../charts/web }
release: { name: web }
${extra}`;
  const dir = () => path.join(root, 'apps/web/staging');

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'chart-values-'));
    await write({
      'charts/web/values.yaml':
        'image: { repository: registry.example.com/web, tag: "1.0.0" }\nworker:\n  image: { repository: registry.example.com/worker, tag: "1.0.0" }\n',
    });
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it("writes the tag in the environment's own values file, comments kept, by the repository the values layer", async () => {
    await write({
      'apps/web/values.yaml': 'replicas: 2\n',
      'apps/web/staging/values.yaml':
        '# staging runs the newest\nimage:\n  tag: "1.1.0" # set by promotion\n',
      'apps/web/staging/slipway-chart.yaml': release(
        `valuesFiles: [../values.yaml, values.yaml]
images:
  - { repository: image.repository, tag: image.tag }
  - { repository: worker.image.repository, tag: worker.image.tag }
`,
      ),
    });
    const rewrite = await rewriteChartValues(dir(), [
      { name: 'registry.example.com/web', tag: '1.2.0' },
      { name: 'registry.example.com/worker', tag: '2.0.0' },
      { name: 'registry.example.com/other', tag: '9.9.9' },
    ]);
    expect(rewrite.changes).toEqual([
      {
        file: 'values.yaml',
        name: 'registry.example.com/web',
        from: 'registry.example.com/web:1.1.0',
        to: 'registry.example.com/web:1.2.0',
      },
      {
        file: 'values.yaml',
        name: 'registry.example.com/worker',
        from: 'registry.example.com/worker:1.0.0',
        to: 'registry.example.com/worker:2.0.0',
      },
    ]);
    expect(rewrite.files['values.yaml']).toBe(
      '# staging runs the newest\nimage:\n  tag: "1.2.0" # set by promotion\nworker:\n  image:\n    tag: 2.0.0\n',
    );
  });

  it("writes the release file's inline values when the directory has no values file of its own, and nothing for a tag it has", async () => {
    await write({
      'apps/web/staging/slipway-chart.yaml': release(
        'values: { image: { tag: "1.1.0" } } # inline\n',
      ),
    });
    expect(
      (
        await rewriteChartValues(dir(), [
          { name: 'registry.example.com/web', tag: '1.1.0' },
        ])
      ).changes,
    ).toEqual([]);
    const rewrite = await rewriteChartValues(dir(), [
      { name: 'registry.example.com/web', tag: '1.3.0' },
    ]);
    expect(rewrite.files['slipway-chart.yaml']).toContain(
      'values: { image: { tag: "1.3.0" } } # inline',
    );
  });

  it('refuses a release file with problems, naming them', async () => {
    await write({
      'apps/web/staging/slipway-chart.yaml': release('images: []\n'),
    });
    await expect(
      rewriteChartValues(dir(), [
        { name: 'registry.example.com/web', tag: '2' },
      ]),
    ).rejects.toThrow(
      new ChartValuesError(
        'slipway-chart.yaml: images: Array must contain at least 1 element(s)',
      ),
    );
  });
});
