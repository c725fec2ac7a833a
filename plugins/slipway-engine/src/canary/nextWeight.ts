import type { CanarySpec } from '@slipway/model';

/**
 * The canary's weight after one more successful step, or undefined when the
 * last step is done and the canary can be promoted. With `stepWeight` the
 * weight grows by that much up to `maxWeight` (default 50); with
 * `stepWeights` it takes each listed weight in turn.
 */
export function nextWeight(
  analysis: CanarySpec['analysis'],
  current: number,
): number | undefined {
  if (analysis.stepWeights) {
    return analysis.stepWeights.find(w => w > current);
  }
  const max = analysis.maxWeight ?? 50;
  if (current >= max) {
    return undefined;
  }
  return Math.min(max, current + (analysis.stepWeight ?? 10));
}
