import type { KubernetesObject } from '@kubernetes/client-node';
import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import { CanaryResource, workloadNames } from './canaryResource';

/** Field manager of everything the canary engine writes. */
export const CANARY_FIELD_MANAGER = 'slipway-canary';

type ServiceObject = KubernetesObject & {
  spec?: { selector?: Record<string, string>; ports?: unknown[] };
};

/** The Service ports a canary's spec asks for. */
export function servicePorts(canary: CanaryResource) {
  const { port, targetPort, portName } = canary.spec.service;
  return [
    {
      name: portName ?? 'http',
      port,
      targetPort: targetPort ?? port,
      protocol: 'TCP',
    },
  ];
}

/** A ClusterIP Service of the canary's namespace, as the engine applies it. */
export function serviceObject(
  canary: CanaryResource,
  name: string,
  selector: Record<string, string>,
): ServiceObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: canary.metadata.namespace,
      labels: { 'slipway.io/canary': canary.metadata.name },
    },
    spec: { selector, ports: servicePorts(canary) },
  };
}

/**
 * The primary and canary Services, each selecting its Deployment's pods.
 * Routers send traffic to these two; the Service clients call (the apex)
 * belongs to the router.
 */
export async function applyCanaryServices(
  client: ObjectClient,
  canary: CanaryResource,
  selectors: {
    primary: Record<string, string>;
    canary: Record<string, string>;
  },
): Promise<void> {
  const names = workloadNames(canary);
  await client.apply(
    serviceObject(canary, names.primaryService, selectors.primary),
    CANARY_FIELD_MANAGER,
  );
  await client.apply(
    serviceObject(canary, names.canaryService, selectors.canary),
    CANARY_FIELD_MANAGER,
  );
}

export const readService = (
  client: ObjectClient,
  namespace: string,
  name: string,
) => readObject<ServiceObject>(client, 'v1', 'Service', namespace, name);

/**
 * The Service clients call, selecting the primary's pods: with a router
 * that weighs traffic elsewhere (a Gateway, a mesh), callers that bypass it
 * reach the stable version.
 */
export async function applyApexToPrimary(
  client: ObjectClient,
  canary: CanaryResource,
): Promise<void> {
  const names = workloadNames(canary);
  const primary = await readService(
    client,
    canary.metadata.namespace,
    names.primaryService,
  );
  await client.apply(
    serviceObject(canary, names.apex, primary?.spec?.selector ?? {}),
    CANARY_FIELD_MANAGER,
  );
}
