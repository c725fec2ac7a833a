import { MetricProvider, NoDataError } from '@slipway/engine';

/**
 * Datadog's US1 site; others (`https://api.datadoghq.eu`, …) by config.
 *
 * @public
 */
export const DATADOG_DEFAULT_SITE = 'https://api.datadoghq.com';
const QUERY_TIMEOUT_MS = 10_000;
/** Longest error text kept from Datadog's answer. */
const MAX_REASON_CHARS = 200;

/**
 * What {@link DatadogProvider} needs: where Datadog is, its keys, and how
 * far back a query looks.
 *
 * @public
 */
export type DatadogProviderOptions = {
  /** The API's base URL; {@link DATADOG_DEFAULT_SITE} by default. */
  site?: string;
  apiKey: string;
  applicationKey: string;
  /** How far back a query looks; Flagger takes ten times the metric's interval. */
  lookbackMs: number;
};

type QueryAnswer = {
  status?: string;
  error?: string;
  errors?: string[];
  series?: Array<{ pointlist?: Array<[number, number | null]> }>;
};

/**
 * Datadog's timeseries query API (`GET /api/v1/query`): the value is the
 * newest point of the first series. No series, or a newest point without
 * a value, is no data: a failed check.
 *
 * @public
 */
export class DatadogProvider implements MetricProvider {
  /** {@inheritDoc @slipway/engine#MetricProvider.description} */
  readonly description: string;
  private readonly site: string;

  constructor(
    private readonly options: DatadogProviderOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.site = (options.site ?? DATADOG_DEFAULT_SITE).replace(/\/+$/, '');
    this.description = `Datadog at ${this.site}`;
  }

  /** {@inheritDoc @slipway/engine#MetricProvider.query} */
  async query(query: string): Promise<number> {
    const to = Math.floor(this.now().getTime() / 1000);
    const from = to - Math.ceil(this.options.lookbackMs / 1000);
    const url = new URL(`${this.site}/api/v1/query`);
    url.search = new URLSearchParams({
      from: String(from),
      to: String(to),
      query,
    }).toString();
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/json',
          'DD-API-KEY': this.options.apiKey,
          'DD-APPLICATION-KEY': this.options.applicationKey,
        },
        redirect: 'error',
        signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      throw new Error(
        `${this.description} cannot be reached: ${
          cause?.message ?? (error as Error).message
        }`,
      );
    }
    const answer = (await response.json().catch(() => ({}))) as QueryAnswer;
    if (!response.ok || answer.status === 'error') {
      throw new Error(
        `${this.description} answered ${response.status}: ${reasonOf(answer)}`,
      );
    }
    return newestValue(answer, query);
  }
}

function reasonOf(answer: QueryAnswer): string {
  const reason = answer.errors?.join('; ') ?? answer.error ?? 'no reason given';
  return reason.replace(/[^\x20-\x7e]/g, ' ').slice(0, MAX_REASON_CHARS);
}

function newestValue(answer: QueryAnswer, query: string): number {
  const points = answer.series?.[0]?.pointlist ?? [];
  const value = points.at(-1)?.[1];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NoDataError(query);
  }
  return value;
}
