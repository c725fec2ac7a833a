import { CanaryResource, workloadNames } from '../canary/canaryResource';
import type { Weights } from './Router';

/**
 * The weights a route gives the canary's primary and canary Services (by
 * name); a route without targets sends everything to the primary.
 */
export function weightsOf(
  canary: CanaryResource,
  targets: Array<{ name: string; weight: number }>,
): Weights {
  if (targets.length === 0) {
    return { primary: 100, canary: 0 };
  }
  const names = workloadNames(canary);
  const weightOf = (name: string) =>
    targets.find(t => t.name === name)?.weight ?? 0;
  return {
    primary: weightOf(names.primaryService),
    canary: weightOf(names.canaryService),
  };
}
