import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { LocalPrometheus, TestExporter } from '@slipway/local-cluster';
import { DEMO_CANARIES } from './exampleServices';

/** The success rate the demo's traffic gives a version: a `broken` tag fails. */
export const successPercentOf = (image: string | undefined) =>
  image?.split(':').pop()?.includes('broken') ? 70 : 100;

/**
 * What the demo's canaries are judged on: a Prometheus scraping an
 * exporter that counts requests to each canary Deployment, 10 a second,
 * failing as many as its version's success rate says.
 */
export class DemoTraffic {
  private constructor(
    private readonly exporter: TestExporter,
    readonly prometheus: LocalPrometheus,
    private readonly timer: NodeJS.Timeout,
  ) {}

  static async start(kc: KubeConfig): Promise<DemoTraffic> {
    const exporter = await TestExporter.start();
    const prometheus = await LocalPrometheus.start({
      targets: [exporter.target],
    });
    const apps = kc.makeApiClient(AppsV1Api);
    const timer = setInterval(() => {
      for (const { environment, service } of DEMO_CANARIES) {
        void apps
          .readNamespacedDeployment({ name: service, namespace: environment })
          .then(d => {
            const ok = successPercentOf(
              d.spec?.template?.spec?.containers?.[0]?.image,
            );
            const labels = { namespace: environment, app: service };
            exporter.add('http_requests', { ...labels, code: '200' }, ok / 10);
            exporter.add(
              'http_requests',
              { ...labels, code: '500' },
              (100 - ok) / 10,
            );
          })
          .catch(() => undefined); // not deployed yet
      }
    }, 1000);
    return new DemoTraffic(exporter, prometheus, timer);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.prometheus.stop();
    await this.exporter.stop();
  }
}
