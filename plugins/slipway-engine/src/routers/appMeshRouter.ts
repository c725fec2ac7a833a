import type { KubernetesObject } from '@kubernetes/client-node';
import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import { CanaryResource, workloadNames } from '../canary/canaryResource';
import {
  applyApexToPrimary,
  CANARY_FIELD_MANAGER,
  readService,
} from '../canary/canaryServices';
import { Router, Weights } from './Router';
import { weightsOf } from './weightsOf';

const APP_MESH = 'appmesh.k8s.aws/v1beta2';

type WeightedTarget = { virtualNodeRef: { name: string }; weight: number };
type MeshRoute = {
  name: string;
  priority: number;
  httpRoute: {
    match: { prefix: string; headers?: unknown[] };
    action: { weightedTargets: WeightedTarget[] };
  };
};
type VirtualRouter = KubernetesObject & { spec?: { routes?: MeshRoute[] } };

/**
 * AWS App Mesh (v1beta2 resources of the App Mesh controller): a
 * VirtualNode each for the primary's and the canary's pods, a
 * VirtualRouter whose route weighs traffic between them, and a
 * VirtualService, named after the Service clients call, that the router
 * provides, all in the Mesh `service.meshName`. For A/B testing each
 * header rule is a route of its own, ahead of the default route that keeps
 * everyone else on the primary.
 *
 * @public
 */
export class AppMeshRouter implements Router {
  constructor(private readonly client: ObjectClient) {}

  /** {@inheritDoc Router.reconcile} */
  async reconcile(canary: CanaryResource): Promise<void> {
    const names = workloadNames(canary);
    const { namespace } = canary.metadata;
    const meshRef = await this.meshRef(canary);
    await applyApexToPrimary(this.client, canary);
    for (const service of [names.primaryService, names.canaryService]) {
      await this.apply(canary, meshRef, 'VirtualNode', service, {
        podSelector: {
          matchLabels:
            (
              await readService(this.client, namespace, service)
            )?.spec?.selector ?? {},
        },
        listeners: [
          { portMapping: { port: podPort(canary), protocol: 'http' } },
        ],
        serviceDiscovery: {
          dns: { hostname: `${service}.${namespace}.svc.cluster.local` },
        },
      });
    }
    if (!(await this.router(canary))) {
      await this.setWeights(canary, { primary: 100, canary: 0 });
    }
    await this.apply(canary, meshRef, 'VirtualService', names.apex, {
      awsName: `${names.apex}.${namespace}.svc.cluster.local`,
      provider: { virtualRouter: { virtualRouterRef: { name: names.apex } } },
    });
  }

  /** {@inheritDoc Router.setWeights} */
  async setWeights(canary: CanaryResource, weights: Weights): Promise<void> {
    const names = workloadNames(canary);
    const route = (
      name: string,
      priority: number,
      w: Weights,
      headers?: unknown[],
    ): MeshRoute => ({
      name,
      priority,
      httpRoute: {
        match: { prefix: '/', ...(headers && { headers }) },
        action: {
          weightedTargets: [
            {
              virtualNodeRef: { name: names.primaryService },
              weight: w.primary,
            },
            { virtualNodeRef: { name: names.canaryService }, weight: w.canary },
          ],
        },
      },
    });
    const match = canary.spec.analysis.match ?? [];
    const routes = match.length
      ? [
          ...match.map((rule, i) =>
            route(`${names.apex}-ab-${i}`, i, weights, headerMatches(rule)),
          ),
          route(names.apex, match.length, { primary: 100, canary: 0 }),
        ]
      : [route(names.apex, 0, weights)];
    await this.apply(
      canary,
      await this.meshRef(canary),
      'VirtualRouter',
      names.apex,
      {
        listeners: [
          { portMapping: { port: canary.spec.service.port, protocol: 'http' } },
        ],
        routes,
      },
    );
  }

  /** {@inheritDoc Router.getWeights} */
  async getWeights(canary: CanaryResource): Promise<Weights> {
    // The first route carries the run's weights (the first matched one for A/B).
    const targets =
      (await this.router(canary))?.spec?.routes?.[0]?.httpRoute.action
        .weightedTargets ?? [];
    return weightsOf(
      canary,
      targets.map(t => ({ name: t.virtualNodeRef.name, weight: t.weight })),
    );
  }

  /** {@inheritDoc Router.finalize} */
  finalize(canary: CanaryResource): Promise<void> {
    return this.setWeights(canary, { primary: 100, canary: 0 });
  }

  /**
   * The canary's mesh, which every object names: the same reference the
   * App Mesh controller's webhook would give objects of a mesh's namespace.
   */
  private async meshRef(canary: CanaryResource) {
    const meshName = canary.spec.service.meshName!;
    const mesh = await readObject(
      this.client,
      APP_MESH,
      'Mesh',
      undefined,
      meshName,
    );
    if (!mesh) {
      throw new Error(
        `the App Mesh Mesh ${meshName} (spec.service.meshName) does not exist`,
      );
    }
    return { name: meshName, uid: mesh.metadata!.uid! };
  }

  /** An App Mesh object of the canary's, in its mesh (read once per operation). */
  private async apply(
    canary: CanaryResource,
    meshRef: { name: string; uid: string },
    kind: string,
    name: string,
    spec: object,
  ) {
    await this.client.apply(
      {
        apiVersion: APP_MESH,
        kind,
        metadata: {
          name,
          namespace: canary.metadata.namespace,
          labels: { 'slipway.io/canary': canary.metadata.name },
        },
        spec: { meshRef, ...spec },
      } as KubernetesObject,
      CANARY_FIELD_MANAGER,
    );
  }

  private router(canary: CanaryResource) {
    return readObject<VirtualRouter>(
      this.client,
      APP_MESH,
      'VirtualRouter',
      canary.metadata.namespace,
      workloadNames(canary).apex,
    );
  }
}

/** The port the pods listen on: a numeric targetPort, else the Service port. */
function podPort(canary: CanaryResource): number {
  const { port, targetPort } = canary.spec.service;
  return typeof targetPort === 'number' ? targetPort : port;
}

/** A canary's header rule as App Mesh header matches. */
function headerMatches(rule: {
  headers: Record<string, { exact?: string; prefix?: string; regex?: string }>;
}) {
  return Object.entries(rule.headers).map(([name, m]) => {
    if (m.exact !== undefined) {
      return { name, match: { exact: m.exact } };
    }
    if (m.prefix !== undefined) {
      return { name, match: { prefix: m.prefix } };
    }
    return { name, match: { regex: m.regex } };
  });
}
