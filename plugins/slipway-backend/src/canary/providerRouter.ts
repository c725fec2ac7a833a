import {
  AppMeshRouter,
  CanaryResource,
  GatewayApiRouter,
  KubernetesRouter,
  ObjectClient,
  Router,
} from '@slipway/engine';

/** Dispatches to the router of the Canary's provider. */
export class ProviderRouter implements Router {
  private readonly routers: Record<string, Router>;

  constructor(client: ObjectClient) {
    this.routers = {
      kubernetes: new KubernetesRouter(client),
      gatewayapi: new GatewayApiRouter(client),
      appmesh: new AppMeshRouter(client),
    };
  }

  private of(canary: CanaryResource): Router {
    const router = this.routers[canary.spec.provider];
    if (!router) {
      throw new Error(
        `the ${canary.spec.provider} provider is not supported yet`,
      );
    }
    return router;
  }

  reconcile: Router['reconcile'] = c => this.of(c).reconcile(c);
  setWeights: Router['setWeights'] = (c, w) => this.of(c).setWeights(c, w);
  getWeights: Router['getWeights'] = c => this.of(c).getWeights(c);
  finalize: Router['finalize'] = c => this.of(c).finalize(c);
}
