import type { KubernetesObject } from '@kubernetes/client-node';
import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import { CanaryResource, workloadNames } from '../canary/canaryResource';
import {
  applyApexToPrimary,
  CANARY_FIELD_MANAGER,
} from '../canary/canaryServices';
import { Router, Weights } from './Router';
import { weightsOf } from './weightsOf';

type BackendRef = { name: string; port: number; weight: number };
type HttpRoute = KubernetesObject & {
  spec?: { rules?: Array<{ matches?: unknown[]; backendRefs?: BackendRef[] }> };
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Gateway API: an HTTPRoute on the canary's Gateways with weighted
 * backendRefs to the primary and canary Services (what EKS serves through
 * the AWS Gateway API controller). For A/B testing, requests matching the
 * canary's header rules get a rule of their own and are the only ones sent
 * to the canary.
 *
 * @public
 */
export class GatewayApiRouter implements Router {
  constructor(private readonly client: ObjectClient) {}

  /** {@inheritDoc Router.reconcile} */
  async reconcile(canary: CanaryResource): Promise<void> {
    await applyApexToPrimary(this.client, canary);
    if (!(await this.route(canary))) {
      await this.setWeights(canary, { primary: 100, canary: 0 });
    }
  }

  /** {@inheritDoc Router.setWeights} */
  async setWeights(canary: CanaryResource, weights: Weights): Promise<void> {
    const names = workloadNames(canary);
    const { port, gatewayRefs = [] } = canary.spec.service;
    const backends = (w: Weights): BackendRef[] => [
      { name: names.primaryService, port, weight: w.primary },
      { name: names.canaryService, port, weight: w.canary },
    ];
    const match = canary.spec.analysis.match;
    const rules = match
      ? [
          { matches: match.map(headerMatch), backendRefs: backends(weights) },
          { backendRefs: backends({ primary: 100, canary: 0 }) },
        ]
      : [{ backendRefs: backends(weights) }];
    await this.client.apply(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: {
          name: names.apex,
          namespace: canary.metadata.namespace,
          labels: { 'slipway.io/canary': canary.metadata.name },
        },
        spec: {
          parentRefs: gatewayRefs.map(ref => ({
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            ...ref,
          })),
          rules,
        },
      } as KubernetesObject,
      CANARY_FIELD_MANAGER,
    );
  }

  /** {@inheritDoc Router.getWeights} */
  async getWeights(canary: CanaryResource): Promise<Weights> {
    // The first rule carries the run's weights (the matched one for A/B).
    const route = await this.route(canary);
    return weightsOf(canary, route?.spec?.rules?.[0]?.backendRefs ?? []);
  }

  /** {@inheritDoc Router.finalize} */
  finalize(canary: CanaryResource): Promise<void> {
    return this.setWeights(canary, { primary: 100, canary: 0 });
  }

  private route(canary: CanaryResource): Promise<HttpRoute | undefined> {
    return readObject<HttpRoute>(
      this.client,
      'gateway.networking.k8s.io/v1',
      'HTTPRoute',
      canary.metadata.namespace,
      workloadNames(canary).apex,
    );
  }
}

/** A canary's header rules as an HTTPRoute match; the Gateway API has no prefix match, so a prefix is a regular expression. */
function headerMatch(rule: {
  headers: Record<string, { exact?: string; prefix?: string; regex?: string }>;
}) {
  return {
    headers: Object.entries(rule.headers).map(([name, m]) => {
      if (m.exact !== undefined) {
        return { name, type: 'Exact', value: m.exact };
      }
      const value =
        m.regex !== undefined ? m.regex : `^${escapeRegex(m.prefix!)}.*`;
      return { name, type: 'RegularExpression', value };
    }),
  };
}
