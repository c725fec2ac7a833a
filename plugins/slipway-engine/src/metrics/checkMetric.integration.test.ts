import { LocalPrometheus, TestExporter, waitFor } from '@slipway/local-cluster';
import { checkMetric } from './checkMetric';
import { PrometheusProvider } from './prometheusProvider';

jest.setTimeout(120_000);

describe('checkMetric with Prometheus', () => {
  let exporter: TestExporter;
  let prometheus: LocalPrometheus;
  let provider: PrometheusProvider;
  const context = (weight = 10) => ({
    variables: { namespace: 'shop', target: 'web', interval: '1m' },
    weight,
    now: new Date('2026-11-23T10:00:00Z'),
  });
  const successRate = {
    name: 'success-rate',
    query:
      'sum(http_requests{namespace="{{ namespace }}",app="{{ target }}",code!~"5.."}) / sum(http_requests{namespace="{{ namespace }}",app="{{ target }}"}) * 100',
    thresholdRange: { min: 99 },
  };

  beforeAll(async () => {
    exporter = await TestExporter.start();
    prometheus = await LocalPrometheus.start({ targets: [exporter.target] });
    provider = new PrometheusProvider(prometheus.url);
  });
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  /** Sets the exporter and waits until Prometheus has scraped it. */
  async function serve(ok: number, failed: number) {
    const labels = { namespace: 'shop', app: 'web' };
    exporter.set('http_requests', { ...labels, code: '200' }, ok);
    exporter.set('http_requests', { ...labels, code: '503' }, failed);
    await waitFor(
      'Prometheus to scrape the new values',
      async () =>
        (await provider
          .query('sum(http_requests{code="200"})')
          .catch(() => -1)) === ok || undefined,
      30_000,
    );
  }

  it('passes a metric inside its threshold range, with the templated query', async () => {
    await serve(995, 5);
    expect(await checkMetric(provider, successRate, context(20))).toEqual({
      metric: 'success-rate',
      value: 99.5,
      min: 99,
      max: undefined,
      passed: true,
      at: '2026-11-23T10:00:00.000Z',
      weight: 20,
    });
  });

  it('fails a metric outside its range', async () => {
    await serve(900, 100);
    const check = await checkMetric(provider, successRate, context());
    expect(check).toMatchObject({ value: 90, passed: false });
  });

  it('fails a check when the query matches nothing', async () => {
    const check = await checkMetric(
      provider,
      { ...successRate, query: 'sum(http_requests{app="nobody"})' },
      context(),
    );
    expect(check.passed).toBe(false);
    expect(check.value).toBeUndefined();
    expect(check.error).toMatch(
      /^no data for sum\(http_requests\{app="nobody"\}\) from Prometheus at http/,
    );
  });

  it("fails a check on a query Prometheus cannot parse, with Prometheus's reason", async () => {
    const check = await checkMetric(
      provider,
      { ...successRate, query: 'sum(http_requests' },
      context(),
    );
    expect(check).toMatchObject({ passed: false });
    expect(check.error).toMatch(
      /refused the query \(HTTP 400\): .*parse error/,
    );
  });

  it('fails a check on an unknown template variable instead of querying', async () => {
    const check = await checkMetric(
      provider,
      { ...successRate, query: 'up{job="{{ job }}"}' },
      context(),
    );
    expect(check.error).toBe(
      'unknown variable {{ job }} in the query; known: namespace, target, interval',
    );
  });

  it('fails a check when Prometheus is down, naming where it was', async () => {
    await prometheus.stop();
    const check = await checkMetric(provider, successRate, context());
    expect(check).toMatchObject({
      passed: false,
      error: `Prometheus at ${prometheus.url} cannot be reached: ECONNREFUSED`,
    });
  });
});
