import type { Router } from '../routers/Router';
import type { CanaryResource } from './canaryResource';

/**
 * An error of the Canary's router, named as such: it becomes the Canary's
 * `Ready=False` with reason `RouterFailed`.
 */
export class RouterError extends Error {
  name = 'RouterError';
}

const ACTIONS = {
  reconcile: 'set up routing',
  setWeights: 'set the weights',
  getWeights: 'read the weights',
  finalize: 'route everything to the primary',
} as const;

/** The router with each error saying which router failed at what. */
export function namedRouter(router: Router, canary: CanaryResource): Router {
  const provider = canary.spec.provider ?? 'kubernetes';
  const named =
    <A extends unknown[], R>(
      action: keyof typeof ACTIONS,
      call: (...args: A) => Promise<R>,
    ) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        throw new RouterError(
          `the ${provider} router could not ${ACTIONS[action]}: ${
            (error as Error).message
          }`,
        );
      }
    };
  return {
    reconcile: named('reconcile', c => router.reconcile(c)),
    setWeights: named('setWeights', (c, w) => router.setWeights(c, w)),
    getWeights: named('getWeights', c => router.getWeights(c)),
    finalize: named('finalize', c => router.finalize(c)),
  };
}
