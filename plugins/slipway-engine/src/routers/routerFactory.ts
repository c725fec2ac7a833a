import type { ObjectClient } from '../apply/ObjectClient';
import type { CanaryResource } from '../canary/canaryResource';
import { AppMeshRouter } from './appMeshRouter';
import { GatewayApiRouter } from './gatewayApiRouter';
import { KubernetesRouter } from './kubernetesRouter';
import type { Router } from './Router';

/**
 * Makes the router of one provider for a cluster's client.
 *
 * @public
 */
export type RouterFactory = (client: ObjectClient) => Router;

/**
 * The routers every Slipway has, by the `spec.provider` that names them.
 *
 * @public
 */
export const BUILT_IN_ROUTERS: Readonly<Record<string, RouterFactory>> = {
  kubernetes: client => new KubernetesRouter(client),
  gatewayapi: client => new GatewayApiRouter(client),
  appmesh: client => new AppMeshRouter(client),
};

/**
 * The built-in routers and the ones added (by a backend module), checked
 * once: a provider added twice, or under a built-in's name, is refused.
 *
 * @public
 */
export function routerFactories(
  added: Iterable<[provider: string, factory: RouterFactory]> = [],
): ReadonlyMap<string, RouterFactory> {
  const factories = new Map(Object.entries(BUILT_IN_ROUTERS));
  for (const [provider, factory] of added) {
    if (factories.has(provider)) {
      throw new Error(`a router for the provider ${provider} is already added`);
    }
    factories.set(provider, factory);
  }
  return factories;
}

/**
 * Dispatches each call to the router of the Canary's `spec.provider`, made
 * once per provider; a provider no router is installed for fails the step
 * with the installed ones named.
 *
 * @public
 */
export class ProviderRouter implements Router {
  private readonly routers = new Map<string, Router>();

  constructor(
    private readonly client: ObjectClient,
    private readonly factories: ReadonlyMap<
      string,
      RouterFactory
    > = routerFactories(),
  ) {}

  private of(canary: CanaryResource): Router {
    const provider = canary.spec.provider;
    let router = this.routers.get(provider);
    if (!router) {
      const factory = this.factories.get(provider);
      if (!factory) {
        throw new Error(
          `no router for the provider ${provider} is installed (installed: ${[
            ...this.factories.keys(),
          ].join(', ')})`,
        );
      }
      router = factory(this.client);
      this.routers.set(provider, router);
    }
    return router;
  }

  /** {@inheritDoc Router.reconcile} */
  reconcile: Router['reconcile'] = async c => this.of(c).reconcile(c);
  /** {@inheritDoc Router.setWeights} */
  setWeights: Router['setWeights'] = async (c, w) =>
    this.of(c).setWeights(c, w);
  /** {@inheritDoc Router.getWeights} */
  getWeights: Router['getWeights'] = async c => this.of(c).getWeights(c);
  /** {@inheritDoc Router.finalize} */
  finalize: Router['finalize'] = async c => this.of(c).finalize(c);
}
