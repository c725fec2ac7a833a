import type {
  CanaryMeasurement,
  CanarySpec,
  CanaryStatus,
  CanaryWebhook,
} from '@slipway/model';
import type { CanaryResource } from '../canary/canaryResource';
import type { CanaryReads, CanaryState } from '../canary/tickTypes';
import type { Deployment } from '../canary/workload';

export const NOW = new Date('2026-12-02T10:00:00Z');

/** `seconds` before {@link NOW}, as status keeps times. */
export const ago = (seconds: number) =>
  new Date(NOW.getTime() - seconds * 1000).toISOString();

/** A Deployment of `image`, ready (rolled out and available) or not. */
export function deployment(
  name: string,
  image: string,
  ready: boolean,
  replicas = 2,
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { spec: { containers: [{ name: 'web', image }] } },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      availableReplicas: ready ? replicas : 0,
    },
  };
}

/**
 * The state a phase handler decides from: the Canary `web` in `shop`
 * (step 10 up to 30, threshold 2, interval 1m) whose target runs version
 * `v2` (hash `v2`), the primary ready, unless the overrides say otherwise.
 */
export function canaryState(
  overrides: {
    status?: CanaryStatus;
    analysis?: Partial<CanarySpec['analysis']>;
    spec?: Partial<CanarySpec>;
    hash?: string;
    target?: Deployment;
    primary?: Deployment | null;
    annotations?: Record<string, string>;
  } = {},
): CanaryState {
  const canary: CanaryResource = {
    apiVersion: 'slipway.io/v1alpha1',
    kind: 'Canary',
    metadata: {
      name: 'web',
      namespace: 'shop',
      generation: 3,
      annotations: overrides.annotations,
    },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      service: { port: 80 },
      ...overrides.spec,
      analysis: {
        interval: '1m',
        threshold: 2,
        stepWeight: 10,
        maxWeight: 30,
        ...overrides.analysis,
      },
    } as CanarySpec,
    status: overrides.status,
  };
  const target = overrides.target ?? deployment('web', 'web:2', true);
  return {
    canary,
    status: { ...overrides.status },
    now: NOW,
    names: { canary: 'web', primary: 'web-primary' },
    target,
    primary:
      overrides.primary === null
        ? undefined
        : overrides.primary ?? deployment('web-primary', 'web:1', true),
    current: {
      hash: overrides.hash ?? 'v2',
      template: target.spec!.template!,
      configs: [],
    },
    replicas: 2,
  };
}

/**
 * Reads whose webhooks answer as told (a type not listed has no hooks:
 * it passes) and whose metrics measure the given values; every question is
 * recorded in `asked`.
 */
export function fakeReads(
  answers: Partial<Record<CanaryWebhook['type'], boolean>> = {},
  values: Record<string, number | Error> = {},
): CanaryReads & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async webhooks(type) {
      asked.push(type);
      const answer = answers[type];
      if (answer === undefined) {
        return { passed: true, results: [] };
      }
      const result = {
        name: `${type}-hook`,
        type,
        at: NOW.toISOString(),
        passed: answer,
        ...(!answer && { error: 'answered 403' }),
      };
      return { passed: answer, results: [result] };
    },
    async measure(metric, weight): Promise<CanaryMeasurement> {
      asked.push(metric.name);
      const value = values[metric.name];
      const { min, max } = metric.thresholdRange;
      const base = {
        metric: metric.name,
        min,
        max,
        at: NOW.toISOString(),
        weight,
      };
      if (value instanceof Error || value === undefined) {
        return { ...base, passed: false, error: value?.message ?? 'no data' };
      }
      const passed =
        (min === undefined || value >= min) &&
        (max === undefined || value <= max);
      return { ...base, value, passed };
    },
  };
}
