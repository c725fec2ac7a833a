import { LocalPrometheus, TestExporter } from '@slipway/local-cluster';
import { eventually } from './deliveryBackend';

/** A Canary's success-rate query over the test's request counter, as a template. */
export const successRateQuery = (range: string) =>
  `sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}",code!~"5.."}[${range}])) / sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}"}[${range}])) * 100`;

/**
 * The requests a service answers, as the exporter Prometheus scrapes
 * counts them: 100 every half second, `successPercent` of them good.
 */
export class TestTraffic {
  private serving?: NodeJS.Timeout;

  constructor(
    private readonly exporter: TestExporter,
    private readonly prometheus: LocalPrometheus,
    private readonly labels: { namespace: string; app: string },
    private readonly range: string,
  ) {}

  /**
   * Serves with the given success rate, and waits until the Canary's query
   * sees only that: a run that starts while the range still holds earlier
   * failures would be judged on those.
   */
  async serve(successPercent: number) {
    this.stop();
    const { exporter, labels } = this;
    this.serving = setInterval(() => {
      exporter.add('http_requests', { ...labels, code: '200' }, successPercent);
      exporter.add(
        'http_requests',
        { ...labels, code: '500' },
        100 - successPercent,
      );
    }, 500);
    const query = successRateQuery(this.range)
      .replaceAll('{{ namespace }}', labels.namespace)
      .replaceAll('{{ target }}', labels.app);
    await eventually(
      `Prometheus seeing a ${successPercent}% success rate`,
      async () => {
        const rate = await this.prometheus.query(query);
        return rate !== undefined && Math.abs(rate - successPercent) < 0.5;
      },
      60_000,
    );
  }

  stop() {
    clearInterval(this.serving);
  }
}

export { canaryStatus } from '@slipway/local-cluster';
