import type {
  CanaryMeasurement,
  CanaryMetric,
  CanaryPhase,
  CanaryStatus,
  CanaryWebhook,
  CanaryWebhookResult,
} from '@slipway/model';
import type { ObjectClient } from '../apply/ObjectClient';
import type { MetricProvider } from '../metrics/MetricProvider';
import type { Router, Weights } from '../routers/Router';
import type { OutboundPolicy } from '../security/outboundPolicy';
import type { CanaryResource } from './canaryResource';
import type { Delivered, Deployment } from './workload';

/**
 * What one canary tick reads and acts through.
 *
 * @public
 */
export type CanaryTickContext = {
  client: ObjectClient;
  /** The Canary as just read; its status is all the progress there is. */
  canary: CanaryResource;
  router: Router;
  /** Where a metric is read: Prometheus, or the CloudWatch region it names. */
  metricsFor: (metric: CanaryMetric) => MetricProvider;
  /** Where its webhooks may be called; the cluster's services by default. */
  webhookPolicy?: OutboundPolicy;
  now: Date;
};

/**
 * A phase change of a Canary's run, with its reason, for events and the run history.
 *
 * @public
 */
export type CanaryTransition = {
  from?: CanaryPhase;
  to: CanaryPhase;
  message: string;
};

/**
 * What one tick of a Canary did: its new status, the phase change it made (if any) and the metric checks it took.
 *
 * @public
 */
export type CanaryTickResult = {
  status: CanaryStatus;
  /** Set when the phase changed. */
  transition?: CanaryTransition;
  /** Checks made by this tick, also in `status.lastMeasurements`. */
  measurements: CanaryMeasurement[];
};

/** What a phase handler decides from: the Canary and its workloads as read at the start of the tick. */
export type CanaryState = {
  canary: CanaryResource;
  /** The status the tick started from. */
  status: CanaryStatus;
  now: Date;
  names: { canary: string; primary: string };
  /** The Deployment Git delivers, whose versions the canary analyses. */
  target: Deployment;
  primary?: Deployment;
  /** The target's version: its pod template and the config it reads. */
  current: Delivered;
  /** Replicas the canary runs with: the primary's, else the target's. */
  replicas: number;
};

/**
 * What a phase handler may ask while deciding: gating webhooks and metric
 * checks. They call out but change nothing a later tick reads.
 */
export type CanaryReads = {
  /** Asks every webhook of the type; `passed` when each said yes (or there are none). */
  webhooks(
    type: CanaryWebhook['type'],
  ): Promise<{ passed: boolean; results: CanaryWebhookResult[] }>;
  /** One check of a metric at the canary's current weight. */
  measure(metric: CanaryMetric, weight: number): Promise<CanaryMeasurement>;
};

/** One change to the cluster or one notice a tick makes, in the order given. */
export type TickAction =
  /** The primary made from the target's current version. */
  | { kind: 'applyPrimary' }
  /** The canary's and the primary's Services. */
  | { kind: 'applyServices' }
  | { kind: 'reconcileRouting' }
  | { kind: 'setWeights'; weights: Weights }
  /** All traffic back to the primary. */
  | { kind: 'finalizeRouting' }
  | { kind: 'scaleCanary'; replicas: number }
  /** Hooks told of an outcome, never asked: their answers change nothing. */
  | { kind: 'notify'; type: 'post-rollout'; phase: CanaryPhase };

/** A phase handler's answer: the next status, why, and what to do to get there. */
export type PhaseDecision = {
  /** The next status; the message is set from `message`. */
  status: CanaryStatus;
  message: string;
  actions?: TickAction[];
  measurements?: CanaryMeasurement[];
};

/** Decides one tick of a Canary in one phase. */
export type PhaseHandler = (
  state: CanaryState,
  reads: CanaryReads,
) => Promise<PhaseDecision>;
