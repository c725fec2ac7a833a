import type { CanarySpec, CanaryStatus } from '@slipway/model';

/**
 * A `canaries.slipway.io/v1alpha1` object as the engine reads it.
 *
 * @public
 */
export type CanaryResource = {
  apiVersion: 'slipway.io/v1alpha1';
  kind: 'Canary';
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: CanarySpec;
  status?: CanaryStatus;
};

/** Names of what the engine creates around a canary's target Deployment. */
export function workloadNames(canary: CanaryResource) {
  const target = canary.spec.targetRef.name;
  return {
    /** The Git-managed Deployment: it runs the new version during a run. */
    canary: target,
    /** The Deployment serving stable traffic. */
    primary: `${target}-primary`,
    /** The Service clients call. */
    apex: canary.spec.service.name ?? target,
    primaryService: `${canary.spec.service.name ?? target}-primary`,
    canaryService: `${canary.spec.service.name ?? target}-canary`,
  };
}
