import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { MetricProvider, NoDataError } from './MetricProvider';

/** How far back GetMetricData looks: CloudWatch publishes a period's datapoint minutes after it ends. */
const LOOKBACK_MS = 10 * 60_000;
const QUERY_TIMEOUT_MS = 10_000;

/**
 * Amazon CloudWatch through `GetMetricData`. A query is a JSON array of
 * MetricDataQuery (metric math included), as the CloudWatch console shows
 * under "Source"; the value is the newest datapoint of the query whose
 * data is returned (`ReturnData`, by default the last one).
 *
 * @public
 */
export class CloudWatchProvider implements MetricProvider {
  /** {@inheritDoc MetricProvider.description} */
  readonly description: string;

  constructor(private readonly client: CloudWatchClient, region: string) {
    this.description = `CloudWatch in ${region}`;
  }

  /** {@inheritDoc MetricProvider.query} */
  async query(query: string, now = new Date()): Promise<number> {
    const queries = parseQueries(query);
    let results;
    try {
      const output = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(now.getTime() - LOOKBACK_MS),
          EndTime: now,
          ScanBy: 'TimestampDescending',
        }),
        { abortSignal: AbortSignal.timeout(QUERY_TIMEOUT_MS) },
      );
      results = output.MetricDataResults ?? [];
    } catch (error) {
      const { name, message } = error as Error;
      throw new Error(
        `${this.description} refused the query: ${name}: ${message}`,
      );
    }
    const returned = queries.filter(q => q.ReturnData !== false);
    const id = returned[returned.length - 1]?.Id;
    const result = results.find(r => r.Id === id) ?? results[0];
    const newest = newestValue(result?.Timestamps, result?.Values);
    if (newest === undefined) {
      throw new NoDataError(query);
    }
    return newest;
  }
}

function parseQueries(query: string): MetricDataQuery[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(query);
  } catch (error) {
    throw new Error(
      `a CloudWatch query must be a JSON array of MetricDataQuery: ${
        (error as Error).message
      }`,
    );
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every(q => typeof q?.Id === 'string')
  ) {
    throw new Error(
      'a CloudWatch query must be a JSON array of MetricDataQuery, each with an Id',
    );
  }
  return parsed as MetricDataQuery[];
}

/** Whatever order the datapoints come in, the one with the latest timestamp. */
function newestValue(timestamps: Date[] = [], values: number[] = []) {
  let newest: { at: number; value: number } | undefined;
  timestamps.forEach((at, i) => {
    const time = new Date(at).getTime();
    if (values[i] !== undefined && (!newest || time > newest.at)) {
      newest = { at: time, value: values[i] };
    }
  });
  return newest?.value;
}
