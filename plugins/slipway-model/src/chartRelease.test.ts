import { parseChartRelease } from './chartRelease';

const file = (over: Record<string, unknown> = {}) => ({
  apiVersion: 'slipway.io/v1alpha1',
  kind: 'ChartRelease',
  chart: { path: '../../../charts/web' },
  release: { name: 'web' },
  ...over,
});

describe('parseChartRelease', () => {
  it('takes a chart from the config repository, an HTTP chart repository or an OCI registry', () => {
    expect(parseChartRelease(file())).toEqual({
      release: {
        ...file(),
        valuesFiles: [],
        values: {},
        images: [{ repository: 'image.repository', tag: 'image.tag' }],
      },
    });
    for (const chart of [
      {
        repository: 'https://charts.example.com/stable',
        name: 'web',
        version: '^1.4.0',
      },
      { oci: 'oci://registry.example.com/charts/web', version: '1.4.2' },
    ]) {
      expect(parseChartRelease(file({ chart }))).toHaveProperty(
        'release.chart',
        chart,
      );
    }
  });

  it('names the field of every problem', () => {
    expect(
      parseChartRelease(
        file({
          chart: { oci: 'https://registry.example.com/web', version: 'one' },
          release: { name: 'Web_1' },
          valuesFiles: ['/etc/passwd'],
          extra: true,
        }),
      ),
    ).toEqual({
      problems: [
        'chart.oci: must be oci://<registry>/<repository>/<chart>',
        'chart.version: must be a version (1.4.2) or a semver range (^1.4.0)',
        'release.name: must be a DNS label: lower-case letters, digits and -',
        'valuesFiles.0: must be relative to this directory',
        "the file: Unrecognized key(s) in object: 'extra'",
      ],
    });
    expect(parseChartRelease(file({ chart: { url: 'x' } }))).toEqual({
      problems: [
        'chart: must be one of { path }, { repository, name, version } or { oci, version }',
      ],
    });
    expect(
      parseChartRelease(
        file({
          chart: { repository: 'ftp://charts', name: 'web', version: '1' },
        }),
      ),
    ).toEqual({
      problems: [
        'chart.repository: must be an http(s) chart repository (one serving index.yaml)',
      ],
    });
  });
});
