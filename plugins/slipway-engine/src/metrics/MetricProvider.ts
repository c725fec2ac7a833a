/**
 * Where a canary's metrics come from: one implementation per backend
 * (Prometheus, CloudWatch). A query returns one number, or throws; the
 * analysis turns both "no data" and an error into a failed check, so a
 * canary never promotes on metrics nobody could read.
 *
 * @public
 */
export interface MetricProvider {
  /** The provider and where it is, for messages: `prometheus at http://…` */
  readonly description: string;
  /** The query's value now; throws when it has no data or the provider cannot be read. */
  query(query: string): Promise<number>;
}

/**
 * The query ran, and nothing matched it (or the value is not a number).
 *
 * @public
 */
export class NoDataError extends Error {
  constructor(query: string) {
    super(`no data for ${query}`);
    this.name = 'NoDataError';
  }
}
