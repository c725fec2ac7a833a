import { MetricProvider, NoDataError } from './MetricProvider';

const QUERY_TIMEOUT_MS = 10_000;

type QueryResponse = {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: 'vector' | 'scalar' | 'matrix' | 'string';
    result: unknown;
  };
};

/** Instant queries against the Prometheus HTTP API (`/api/v1/query`). */
export class PrometheusProvider implements MetricProvider {
  readonly description: string;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {
    this.description = `Prometheus at ${url}`;
  }

  async query(query: string): Promise<number> {
    const endpoint = new URL('api/v1/query', this.url.replace(/\/?$/, '/'));
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...this.headers,
        },
        body: new URLSearchParams({ query }),
        signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(
        `${this.description} cannot be reached: ${networkReason(error)}`,
      );
    }
    const body = (await response.json().catch(() => undefined)) as
      | QueryResponse
      | undefined;
    if (!response.ok || body?.status !== 'success') {
      throw new Error(
        `${this.description} refused the query (HTTP ${response.status}): ${
          body?.error ?? response.statusText
        }`,
      );
    }
    const value = firstValue(body.data!);
    if (value === undefined || Number.isNaN(value)) {
      throw new NoDataError(query);
    }
    return value;
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: any }).cause;
  const inner = cause?.errors?.[0] ?? cause;
  return inner?.code ?? inner?.message ?? (error as Error).message;
}

/** The first sample of an instant query's result, as Flagger takes it. */
function firstValue(data: NonNullable<QueryResponse['data']>) {
  if (data.resultType === 'scalar') {
    return Number((data.result as [number, string])[1]);
  }
  if (data.resultType === 'vector') {
    const [first] = data.result as Array<{ value: [number, string] }>;
    return first ? Number(first.value[1]) : undefined;
  }
  return undefined;
}
