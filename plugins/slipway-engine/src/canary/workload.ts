import type { KubernetesObject } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import { containerImageNames } from '../images/containerImages';
import { objectHealth } from '../health/objectHealth';
import { CanaryResource, workloadNames } from './canaryResource';
import { CANARY_FIELD_MANAGER } from './canaryServices';
import { ConfigRef, configRefs, renameConfigRefs } from './configRefs';

export type Deployment = KubernetesObject & {
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: {
      metadata?: {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
      spec?: any;
    };
  };
  status?: Record<string, any>;
};

type ConfigObject = KubernetesObject & {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  type?: string;
};

/** What a run delivers: the canary's pod template with the config it reads. */
export type Delivered = {
  /** Hash of the template and of every referenced ConfigMap's and Secret's data. */
  hash: string;
  template: NonNullable<NonNullable<Deployment['spec']>['template']>;
  configs: Array<{ ref: ConfigRef; object?: ConfigObject }>;
};

export const primaryName = (name: string) => `${name}-primary`;

/** On the primary Deployment: the hash of the version it was made from. */
export const PRIMARY_VERSION_ANNOTATION = 'slipway.io/primary-version';

/** The version the primary runs; undefined for a primary made before the annotation existed. */
export const primaryVersion = (primary: Deployment | undefined) =>
  primary?.metadata?.annotations?.[PRIMARY_VERSION_ANNOTATION];

/** The images of a Deployment's containers (not its init containers), in their order: what a run delivers, for people. */
export const podImages = (deployment: Deployment): string[] => [
  ...containerImageNames([deployment], ['containers']),
];

export const readDeployment = (
  client: ObjectClient,
  namespace: string,
  name: string,
) => readObject<Deployment>(client, 'apps/v1', 'Deployment', namespace, name);

export async function delivered(
  client: ObjectClient,
  target: Deployment,
): Promise<Delivered> {
  const template = target.spec?.template ?? {};
  const namespace = target.metadata!.namespace!;
  const configs = await Promise.all(
    configRefs(template.spec).map(async ref => ({
      ref,
      object: await readObject<ConfigObject>(
        client,
        'v1',
        ref.kind,
        namespace,
        ref.name,
      ),
    })),
  );
  const hash = createHash('sha256')
    .update(JSON.stringify(template))
    .update(
      JSON.stringify(
        configs.map(c => [
          c.ref,
          c.object?.data ?? null,
          c.object?.binaryData ?? null,
        ]),
      ),
    )
    .digest('hex')
    .slice(0, 16);
  return { hash, template, configs };
}

/** The primary's pods carry the canary's selector labels with `-primary` on each value. */
export function primarySelector(
  matchLabels: Record<string, string> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(matchLabels).map(([k, v]) => [k, primaryName(v)]),
  );
}

/**
 * Makes the primary run what was delivered: its own copies of the
 * referenced ConfigMaps and Secrets, then a Deployment with the canary's
 * template on the primary's labels.
 */
export async function applyPrimary(
  client: ObjectClient,
  canary: CanaryResource,
  target: Deployment,
  what: Delivered,
  replicas: number,
): Promise<void> {
  const namespace = canary.metadata.namespace;
  for (const { ref, object } of what.configs) {
    if (!object) {
      throw new Error(
        `${ref.kind} ${namespace}/${ref.name}, which the canary's pods use, does not exist`,
      );
    }
    await client.apply(
      {
        apiVersion: 'v1',
        kind: ref.kind,
        metadata: {
          name: primaryName(ref.name),
          namespace,
          labels: { 'slipway.io/canary': canary.metadata.name },
        },
        ...(object.data && { data: object.data }),
        ...(object.binaryData && { binaryData: object.binaryData }),
        ...(object.type && { type: object.type }),
      } as KubernetesObject,
      CANARY_FIELD_MANAGER,
    );
  }
  const selector = primarySelector(target.spec?.selector?.matchLabels);
  await client.apply(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: workloadNames(canary).primary,
        namespace,
        labels: {
          ...target.metadata?.labels,
          'slipway.io/canary': canary.metadata.name,
        },
        annotations: { [PRIMARY_VERSION_ANNOTATION]: what.hash },
      },
      spec: {
        replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            ...what.template.metadata,
            labels: { ...what.template.metadata?.labels, ...selector },
          },
          spec: renameConfigRefs(what.template.spec, ref =>
            primaryName(ref.name),
          ),
        },
      },
    } as KubernetesObject,
    CANARY_FIELD_MANAGER,
  );
}

/**
 * Sets a Deployment's replicas as the canary engine's own field: Git leaves
 * `replicas` out of a canary's Deployment, so the reconciler never owns it
 * and the two never fight over it.
 */
export async function scale(
  client: ObjectClient,
  namespace: string,
  name: string,
  replicas: number,
): Promise<void> {
  await client.apply(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { replicas },
    } as KubernetesObject,
    CANARY_FIELD_MANAGER,
  );
}

/** Rolled out and available, as the reconciler judges health. */
export const isReady = (deployment: Deployment | undefined) =>
  deployment !== undefined && objectHealth(deployment).status === 'Healthy';
