import { ConfigReader } from '@backstage/config';
import { NoDataError } from '@slipway/engine';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { datadogMetrics } from './datadogMetrics';
import { DatadogProvider } from './datadogProvider';

const NOW = new Date('2026-12-02T10:00:00Z');
const QUERY = 'sum:trace.http.request.errors{service:web}.as_count()';

/** A `GET /api/v1/query` answer in Datadog's shape (fields as the API documents them). */
const timeseries = (pointlist: Array<[number, number | null]>) => ({
  status: 'ok',
  res_type: 'time_series',
  resp_version: 1,
  query: QUERY,
  from_date: NOW.getTime() - 600_000,
  to_date: NOW.getTime(),
  series: pointlist.length
    ? [
        {
          metric: 'trace.http.request.errors',
          display_name: 'trace.http.request.errors',
          scope: 'service:web',
          expression: QUERY,
          aggr: 'sum',
          interval: 20,
          length: pointlist.length,
          unit: null,
          pointlist,
        },
      ]
    : [],
  message: '',
  group_by: [],
});

describe('DatadogProvider', () => {
  const server = setupServer();
  const seen: Request[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());
  const answer = (status: number, body: object) =>
    server.use(
      http.get('https://api.datadoghq.eu/api/v1/query', ({ request }) => {
        seen.push(request);
        return HttpResponse.json(body, { status });
      }),
    );
  const provider = new DatadogProvider(
    {
      site: 'https://api.datadoghq.eu/',
      apiKey: 'dd-api-key',
      applicationKey: 'dd-app-key',
      lookbackMs: 600_000,
    },
    () => NOW,
  );

  it('asks with both keys over the lookback window and takes the newest point of the first series', async () => {
    answer(
      200,
      timeseries([
        [NOW.getTime() - 40_000, 7],
        [NOW.getTime() - 20_000, 0.25],
      ]),
    );
    await expect(provider.query(QUERY)).resolves.toBe(0.25);
    const [request] = seen;
    const url = new URL(request.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: String(NOW.getTime() / 1000 - 600),
      to: String(NOW.getTime() / 1000),
      query: QUERY,
    });
    expect(request.headers.get('DD-API-KEY')).toBe('dd-api-key');
    expect(request.headers.get('DD-APPLICATION-KEY')).toBe('dd-app-key');
  });

  it('is no data without a series or when the newest point has no value', async () => {
    answer(200, timeseries([]));
    await expect(provider.query(QUERY)).rejects.toThrow(NoDataError);
    answer(200, timeseries([[NOW.getTime(), null]]));
    await expect(provider.query(QUERY)).rejects.toThrow(`no data for ${QUERY}`);
  });

  it("names Datadog's refusal, never the keys", async () => {
    answer(403, { errors: ['Forbidden'] });
    const refused = provider.query(QUERY);
    await expect(refused).rejects.toThrow(
      'Datadog at https://api.datadoghq.eu answered 403: Forbidden',
    );
    answer(400, {
      status: 'error',
      error:
        "Error parsing query: unable to parse sum:trace{: Rule 'scope_expr' didn't match",
    });
    const error = await provider.query('sum:trace{').catch(e => e);
    expect(error.message).toMatch(
      /^Datadog at https:\/\/api\.datadoghq\.eu answered 400: Error parsing query/,
    );
    expect(error.message).not.toMatch(/dd-api-key|dd-app-key/);
  });
});

describe('datadogMetrics', () => {
  const metric = {
    name: 'errors',
    query: QUERY,
    interval: '30s',
    provider: { type: 'datadog' },
    thresholdRange: { max: 1 },
  };

  it('serves the datadog type, looking back ten of the metric’s intervals', () => {
    const factory = datadogMetrics(
      new ConfigReader({
        slipway: { canary: { datadog: { apiKey: 'a', applicationKey: 'b' } } },
      }),
    );
    expect(factory.type).toBe('datadog');
    const provider = factory.forMetric(metric);
    expect(provider.description).toBe('Datadog at https://api.datadoghq.com');
    expect((provider as any).options.lookbackMs).toBe(300_000);
  });

  it('fails every check, saying what to set, without keys', async () => {
    const provider = datadogMetrics(new ConfigReader({})).forMetric(metric);
    await expect(provider.query(QUERY)).rejects.toThrow(
      'no Datadog is configured: set slipway.canary.datadog.apiKey and applicationKey in app-config',
    );
  });
});
