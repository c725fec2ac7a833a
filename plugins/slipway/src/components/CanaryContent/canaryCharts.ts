import type {
  CanaryItem,
  CanaryMeasurement,
} from '@slipway/backstage-plugin-slipway-common';

export type WeightPoint = { at: number; weight: number };

/**
 * The canary's weight over the current run: 0 when it started, the weight
 * at each check, and the weight now.
 */
export function weightSeries(
  canary: CanaryItem,
  now = Date.now(),
): WeightPoint[] {
  const status = canary.status;
  if (!status?.startedAt) return [];
  const points: WeightPoint[] = [
    { at: Date.parse(status.startedAt), weight: 0 },
  ];
  for (const m of canary.measurements ?? []) {
    const at = Date.parse(m.at);
    if (points[points.length - 1].at !== at)
      points.push({ at, weight: m.weight });
  }
  const ended = status.phase === 'Succeeded' || status.phase === 'Failed';
  const lastAt =
    ended && status.lastTransitionTime
      ? Date.parse(status.lastTransitionTime)
      : now;
  points.push({
    at: Math.max(lastAt, points[points.length - 1].at),
    weight: status.canaryWeight ?? 0,
  });
  return points;
}

export type MetricPoint = {
  at: number;
  value?: number;
  passed: boolean;
  error?: string;
};

/** Each metric's checks in time order, keyed by metric name. */
export function metricSeries(
  measurements: CanaryMeasurement[],
): Map<string, MetricPoint[]> {
  const series = new Map<string, MetricPoint[]>();
  for (const m of [...measurements].sort((a, b) => a.at.localeCompare(b.at))) {
    const list = series.get(m.metric) ?? [];
    list.push({
      at: Date.parse(m.at),
      value: m.value,
      passed: m.passed,
      error: m.error,
    });
    series.set(m.metric, list);
  }
  return series;
}

export const clock = (ms: number) => new Date(ms).toLocaleTimeString('en-GB');
