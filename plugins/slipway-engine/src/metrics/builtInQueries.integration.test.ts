import { LocalPrometheus, TestExporter, waitFor } from '@slipway/local-cluster';
import { builtInQuery } from './builtInQueries';
import { PrometheusProvider } from './prometheusProvider';
import { renderQuery } from './queryTemplate';

jest.setTimeout(120_000);

/**
 * The built-in metrics against a real Prometheus: a canary whose pods
 * answer 98% of requests in 50 ms beside a primary that fails half of its
 * requests in 2 s. Each built-in query must see the canary's pods only.
 */
describe('built-in metric queries', () => {
  let exporter: TestExporter;
  let prometheus: LocalPrometheus;
  let provider: PrometheusProvider;
  let serving: NodeJS.Timeout;
  const variables = { namespace: 'shop', target: 'web', interval: '10s' };
  const pods = {
    canary: 'web-6f7c9d8b4-x2k9q',
    primary: 'web-primary-58d4f-r7tzm',
  };

  /** One second of traffic: requests by code, and their durations as histogram buckets. */
  function traffic(
    labels: (pod: string) => Record<string, string>,
    counter: string,
    codeLabel: string,
    buckets: string,
    bucketScale: number,
  ) {
    const serve = (
      pod: string,
      ok: number,
      failed: number,
      seconds: number,
    ) => {
      exporter.add(counter, { ...labels(pod), [codeLabel]: '200' }, ok);
      exporter.add(counter, { ...labels(pod), [codeLabel]: '503' }, failed);
      for (const le of [0.1, 1, 5]) {
        exporter.add(
          buckets,
          { ...labels(pod), le: String(le * bucketScale) },
          le >= seconds ? ok + failed : 0,
        );
      }
      exporter.add(buckets, { ...labels(pod), le: '+Inf' }, ok + failed);
    };
    serve(pods.canary, 98, 2, 0.05);
    serve(pods.primary, 50, 50, 2);
  }

  beforeAll(async () => {
    exporter = await TestExporter.start();
    prometheus = await LocalPrometheus.start({ targets: [exporter.target] });
    provider = new PrometheusProvider(prometheus.url);
    serving = setInterval(() => {
      traffic(
        pod => ({ namespace: 'shop', pod }),
        'http_requests_total',
        'code',
        'http_request_duration_seconds_bucket',
        1,
      );
      traffic(
        pod => ({ kubernetes_namespace: 'shop', kubernetes_pod_name: pod }),
        'envoy_cluster_upstream_rq',
        'envoy_response_code',
        'envoy_cluster_upstream_rq_time_bucket',
        1000,
      );
    }, 1000);
  });
  afterAll(async () => {
    clearInterval(serving);
    await prometheus?.stop();
    await exporter?.stop();
  });

  const measure = (provider_: string, metric: string) =>
    waitFor(
      `${metric} on the ${provider_} router`,
      () =>
        provider
          .query(renderQuery(builtInQuery(provider_, metric)!, variables))
          .catch(() => undefined),
      60_000,
    );

  it.each(['kubernetes', 'gatewayapi', 'appmesh'])(
    'measures the canary pods alone on the %s router',
    async router => {
      expect(await measure(router, 'request-success-rate')).toBeCloseTo(98, 5);
      // The 99th percentile falls in the 0–100 ms bucket; interpolated, 99 ms.
      expect(await measure(router, 'request-duration')).toBeCloseTo(99, 5);
    },
  );

  it('has no query for a name that is not built in', () => {
    expect(builtInQuery('kubernetes', 'error-rate')).toBeUndefined();
  });
});
