import type { CanaryResource } from '../canary/canaryResource';

/**
 * Percent of traffic to each side; they add up to 100.
 *
 * @public
 */
export type Weights = { primary: number; canary: number };

/**
 * Moves traffic between a canary's primary and canary Services: one
 * implementation per provider (Gateway API, App Mesh, Kubernetes
 * blue/green), each in its own file. Every method is idempotent: a tick
 * repeated after a crash does the same thing again, harmlessly.
 *
 * @public
 */
export interface Router {
  /** Creates or updates the routing objects; new ones send everything to the primary. */
  reconcile(canary: CanaryResource): Promise<void>;
  /** Sends the given share of traffic to each side. */
  setWeights(canary: CanaryResource, weights: Weights): Promise<void>;
  /** The share of traffic each side gets now, as the routing objects say. */
  getWeights(canary: CanaryResource): Promise<Weights>;
  /** Back to the state outside a run: all traffic to the primary. */
  finalize(canary: CanaryResource): Promise<void>;
}
