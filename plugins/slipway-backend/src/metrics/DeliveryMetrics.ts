import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Reconciliation metrics in Prometheus format, on a registry of their own. */
export class DeliveryMetrics {
  readonly registry = new Registry();

  readonly durations = new Histogram({
    name: 'slipway_reconcile_duration_seconds',
    help: 'Duration of one reconcile of a delivery target',
    labelNames: ['cluster', 'environment', 'result'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly failures = new Counter({
    name: 'slipway_reconcile_failures_total',
    help: 'Reconciles that failed, by reason',
    labelNames: ['cluster', 'environment', 'reason'] as const,
    registers: [this.registry],
  });

  readonly driftCorrections = new Counter({
    name: 'slipway_drift_corrections_total',
    help: 'Live objects put back to what Git says after someone changed them',
    labelNames: ['cluster', 'environment'] as const,
    registers: [this.registry],
  });

  readonly driftDetected = new Counter({
    name: 'slipway_drift_detected_total',
    help: 'Live objects found to differ from Git on a resync',
    labelNames: ['cluster', 'environment'] as const,
    registers: [this.registry],
  });

  readonly running = new Gauge({
    name: 'slipway_reconciles_running',
    help: 'Reconciles running now in this replica',
    labelNames: ['cluster'] as const,
    registers: [this.registry],
  });

  readonly imageChecks = new Counter({
    name: 'slipway_image_automation_checks_total',
    help: 'Registry checks of image automation, by result: current, written, held or failed',
    labelNames: ['environment', 'result'] as const,
    registers: [this.registry],
  });

  constructor(queueDepth: () => Promise<number>) {
    // eslint-disable-next-line no-new
    new Gauge({
      name: 'slipway_queue_depth',
      help: 'Delivery targets due for a reconcile and not yet started',
      registers: [this.registry],
      async collect() {
        this.set(await queueDepth());
      },
    });
  }
}
