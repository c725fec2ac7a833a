import type { KubernetesObject } from '@kubernetes/client-node';
import type { CanaryResource, CanaryTransition } from '@slipway/engine';

/** A Kubernetes Event on the Canary for a phase change, as `kubectl describe` shows it. */
export function canaryEvent(
  canary: CanaryResource,
  transition: CanaryTransition,
): KubernetesObject {
  const now = new Date().toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      generateName: `${canary.metadata.name}.`,
      namespace: canary.metadata.namespace,
    },
    involvedObject: {
      apiVersion: canary.apiVersion,
      kind: canary.kind,
      name: canary.metadata.name,
      namespace: canary.metadata.namespace,
      uid: canary.metadata.uid,
      resourceVersion: canary.metadata.resourceVersion,
    },
    reason: transition.to,
    message: transition.message,
    type: transition.to === 'Failed' ? 'Warning' : 'Normal',
    source: { component: 'slipway' },
    reportingComponent: 'slipway',
    reportingInstance: 'slipway-backend',
    firstTimestamp: now,
    lastTimestamp: now,
    eventTime: undefined,
    count: 1,
  } as KubernetesObject;
}
