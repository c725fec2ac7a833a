import { ConfigReader } from '@backstage/config';
import { remoteChartsFromConfig } from './remoteChartsFromConfig';

const charts = (repositories: object[]) =>
  remoteChartsFromConfig(
    new ConfigReader({ slipway: { charts: { repositories } } }),
    '/tmp/work',
  );

describe('remoteChartsFromConfig', () => {
  it('refuses a repository that is not http(s) or has a username without a password, naming the field', () => {
    expect(() => charts([{ url: 'ftp://charts.example.com' }])).toThrow(
      'slipway.charts.repositories[0].url must be an http(s) URL',
    );
    expect(() =>
      charts([
        { url: 'https://a.example.com' },
        { url: 'https://charts.example.com', username: 'ci' },
      ]),
    ).toThrow(
      'slipway.charts.repositories[1].password is missing for username ci',
    );
    expect(charts([])).toBeDefined();
  });
});
