import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { checkMetric } from './checkMetric';
import { CloudWatchProvider } from './cloudWatchProvider';

const REGION = 'eu-west-1';
const ENDPOINT = `https://monitoring.${REGION}.amazonaws.com/`;
const now = new Date('2026-11-23T10:00:00Z');

type Datapoints = Record<string, Array<[string, number]>>;

/**
 * CloudWatch's GetMetricData as the service speaks it to this SDK: AWS JSON
 * 1.0 with an X-Amz-Target, a SigV4-signed request, epoch-second times, and
 * errors as a `__type` with the awsQuery error code in a header.
 */
function cloudWatch(datapoints: Datapoints, requests: any[] = []) {
  return http.post(ENDPOINT, async ({ request }) => {
    const body = (await request.json()) as any;
    requests.push(body);
    if (
      request.headers.get('x-amz-target') !==
        'GraniteServiceVersion20100801.GetMetricData' ||
      !request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256 ')
    ) {
      return HttpResponse.json(
        { __type: 'com.amazonaws.cloudwatch#UnknownOperationException' },
        { status: 400 },
      );
    }
    if (body.EndTime - body.StartTime > 24 * 3600 * 1000) {
      return HttpResponse.json(
        {
          __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
          message: 'The time range is too long',
        },
        {
          status: 400,
          headers: { 'x-amzn-query-error': 'InvalidParameterValue;Sender' },
        },
      );
    }
    return HttpResponse.json({
      MetricDataResults: body.MetricDataQueries.filter(
        (q: any) => q.ReturnData !== false,
      ).map((q: any) => ({
        Id: q.Id,
        Label: q.Id,
        Timestamps: (datapoints[q.Id] ?? []).map(
          ([at]) => Date.parse(at) / 1000,
        ),
        Values: (datapoints[q.Id] ?? []).map(([, value]) => value),
        StatusCode: 'Complete',
      })),
      Messages: [],
    });
  });
}

const errorRate = JSON.stringify([
  {
    Id: 'errors',
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Dimensions: [
          { Name: 'TargetGroup', Value: 'targetgroup/{{ target }}-canary/abc' },
        ],
      },
      Period: 60,
      Stat: 'Sum',
    },
    ReturnData: false,
  },
  {
    Id: 'requests',
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'RequestCount',
        Dimensions: [
          { Name: 'TargetGroup', Value: 'targetgroup/{{ target }}-canary/abc' },
        ],
      },
      Period: 60,
      Stat: 'Sum',
    },
    ReturnData: false,
  },
  { Id: 'rate', Expression: '100 * errors / requests' },
]);

describe('CloudWatchProvider', () => {
  const server = setupServer();
  const provider = new CloudWatchProvider(
    new CloudWatchClient({
      region: REGION,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    }),
    REGION,
  );
  const check = (query: string) =>
    checkMetric(
      { description: provider.description, query: q => provider.query(q, now) },
      { name: 'error-rate', query, thresholdRange: { max: 1 } },
      {
        variables: { namespace: 'shop', target: 'web', interval: '1m' },
        weight: 20,
        now,
      },
    );

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('judges the newest datapoint of the returned metric-math expression', async () => {
    const requests: any[] = [];
    server.use(
      cloudWatch(
        {
          rate: [
            ['2026-11-23T09:58:00Z', 0.4],
            ['2026-11-23T09:59:00Z', 3.5],
            ['2026-11-23T09:57:00Z', 0.2],
          ],
        },
        requests,
      ),
    );
    expect(await check(errorRate)).toMatchObject({
      metric: 'error-rate',
      value: 3.5,
      passed: false,
      weight: 20,
    });
    expect(requests[0]).toMatchObject({
      StartTime: Date.parse('2026-11-23T09:50:00Z') / 1000,
      EndTime: now.getTime() / 1000,
      ScanBy: 'TimestampDescending',
    });
    expect(
      requests[0].MetricDataQueries[0].MetricStat.Metric.Dimensions[0].Value,
    ).toBe('targetgroup/web-canary/abc');
  });

  it('fails the check, saying so, when CloudWatch has no datapoints', async () => {
    server.use(cloudWatch({}));
    expect(await check(errorRate)).toMatchObject({
      passed: false,
      error: expect.stringMatching(
        /^no data for .* from CloudWatch in eu-west-1$/,
      ),
    });
  });

  it("fails the check with CloudWatch's own error", async () => {
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json(
          {
            __type: 'com.amazonaws.cloudwatch#AccessDeniedException',
            message:
              'User is not authorized to perform: cloudwatch:GetMetricData',
          },
          { status: 403 },
        ),
      ),
    );
    const result = await check(errorRate);
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(
      /^CloudWatch in eu-west-1 refused the query: AccessDenied.*not authorized to perform: cloudwatch:GetMetricData/,
    );
  });

  it('refuses a query that is not a JSON array of MetricDataQuery before calling AWS', async () => {
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    expect((await check('sum(rate(http_requests_total[1m]))')).error).toMatch(
      /^a CloudWatch query must be a JSON array of MetricDataQuery: Unexpected token/,
    );
    expect((await check('[{"Expression": "1"}]')).error).toBe(
      'a CloudWatch query must be a JSON array of MetricDataQuery, each with an Id',
    );
  });
});
