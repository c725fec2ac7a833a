import { SLIPWAY_LABELS } from '@slipway/model';

/**
 * The labels that tie a live object to its delivery target.
 *
 * @public
 */
export function targetLabels(target: {
  service: string;
  environment: string;
}): Record<string, string> {
  return {
    [SLIPWAY_LABELS.service]: target.service,
    [SLIPWAY_LABELS.environment]: target.environment,
  };
}

/**
 * A label selector that finds every object of a delivery target.
 *
 * @public
 */
export function targetSelector(target: {
  service: string;
  environment: string;
}): string {
  return Object.entries(targetLabels(target))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
