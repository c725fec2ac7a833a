import { MetricProvider, NoDataError } from './MetricProvider';
import { PrometheusAuth, prometheusSigner } from './prometheusAuth';
import type { OutgoingRequest, RequestSigner } from './requestSigner';

const QUERY_TIMEOUT_MS = 10_000;

type QueryResponse = {
  status: 'success' | 'error';
  error?: string;
  data?: {
    resultType: 'vector' | 'scalar' | 'matrix' | 'string';
    result: unknown;
  };
};

/**
 * Instant queries against the Prometheus HTTP API (`/api/v1/query`), for
 * Amazon Managed Prometheus too (its workspace URL, `.../workspaces/ws-…/`,
 * with `auth: { type: 'sigv4', region }`).
 *
 * @public
 */
export class PrometheusProvider implements MetricProvider {
  /** {@inheritDoc MetricProvider.description} */
  readonly description: string;
  private readonly sign?: RequestSigner;

  constructor(
    private readonly url: string,
    options: { auth?: PrometheusAuth; signer?: RequestSigner } = {},
  ) {
    this.description = `Prometheus at ${url}`;
    this.sign = options.signer ?? prometheusSigner(options.auth);
  }

  /** {@inheritDoc MetricProvider.query} */
  async query(query: string): Promise<number> {
    const endpoint = new URL('api/v1/query', this.url.replace(/\/?$/, '/'));
    const body = new URLSearchParams({ query }).toString();
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
    };
    const auth = await this.signed({
      method: 'POST',
      url: endpoint,
      headers,
      body,
    });
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { ...headers, ...auth },
        body,
        signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(
        `${this.description} cannot be reached: ${networkReason(error)}`,
      );
    }
    const answer = (await response.json().catch(() => undefined)) as
      | QueryResponse
      | undefined;
    if (!response.ok || answer?.status !== 'success') {
      throw new Error(
        `${this.description} refused the query (HTTP ${response.status}): ${
          answer?.error ?? response.statusText
        }`,
      );
    }
    const value = firstValue(answer.data!);
    if (value === undefined || Number.isNaN(value)) {
      throw new NoDataError(query);
    }
    return value;
  }

  private async signed(request: OutgoingRequest) {
    if (!this.sign) {
      return {};
    }
    try {
      return await this.sign(request);
    } catch (error) {
      throw new Error(
        `${this.description}: cannot sign the query: ${
          (error as Error).message
        }`,
      );
    }
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
