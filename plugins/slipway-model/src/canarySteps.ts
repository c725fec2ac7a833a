import type { CanarySpec } from './canary';

/**
 * The canary weights a weighted run passes through, in order: `stepWeights`
 * as listed, or `stepWeight` steps up to `maxWeight` (default 10 and 50, as
 * the engine takes them). Empty for runs counted in iterations (A/B testing,
 * blue/green).
 *
 * @public
 */
export function canaryStepWeights(analysis: CanarySpec['analysis']): number[] {
  if (analysis.stepWeights) {
    return analysis.stepWeights;
  }
  if (analysis.iterations !== undefined) {
    return [];
  }
  const max = analysis.maxWeight ?? 50;
  const step = analysis.stepWeight ?? 10;
  const weights: number[] = [];
  for (let w = step; w < max; w += step) {
    weights.push(w);
  }
  return [...weights, max];
}
