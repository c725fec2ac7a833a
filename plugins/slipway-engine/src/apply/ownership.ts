import type { KubernetesObject } from '@kubernetes/client-node';
import {
  SLIPWAY_ADOPT_ANNOTATION,
  SLIPWAY_ENTITY_ANNOTATION,
  SLIPWAY_FIELD_MANAGER,
  SLIPWAY_LABELS,
} from '@slipway/model';
import { objectName } from '../inventory/objectKey';

/**
 * The delivery target an applied object must belong to.
 *
 * @public
 */
export type OwnershipTarget = {
  service: string;
  environment: string;
  /** The catalog entity delivering the target, when known: objects another entity delivered are foreign. */
  entity?: string;
  /**
   * Take over live objects that carry no Slipway labels (never another
   * target's, never a Namespace): the environment's `adoptUnlabelled`.
   */
  adoptUnlabelled?: boolean;
};

/**
 * Whether a live object's labels name this target and its entity, where
 * both are known, is this target's: the one test of "this is ours" that
 * apply and prune share.
 */
export function carriesTarget(
  live: KubernetesObject,
  target: Pick<OwnershipTarget, 'service' | 'environment' | 'entity'>,
): boolean {
  const labels = live.metadata?.labels ?? {};
  const entity = live.metadata?.annotations?.[SLIPWAY_ENTITY_ANNOTATION];
  return (
    labels[SLIPWAY_LABELS.service] === target.service &&
    labels[SLIPWAY_LABELS.environment] === target.environment &&
    (!target.entity || !entity || entity === target.entity)
  );
}

/** Who else a live object belongs to, in words; undefined when it is this target's to write. */
export function foreignOwner(
  live: KubernetesObject,
  target: OwnershipTarget,
): string | undefined {
  const labels = live.metadata?.labels ?? {};
  const service = labels[SLIPWAY_LABELS.service];
  const environment = labels[SLIPWAY_LABELS.environment];
  if (
    live.metadata?.annotations?.[SLIPWAY_ADOPT_ANNOTATION] === target.service
  ) {
    return undefined; // handed over on purpose, by someone who may edit the live object
  }
  const entity = live.metadata?.annotations?.[SLIPWAY_ENTITY_ANNOTATION];
  if (target.entity && entity && entity !== target.entity) {
    return `catalog entity ${entity}`;
  }
  if (carriesTarget(live, target)) {
    return undefined;
  }
  if (service !== undefined || environment !== undefined) {
    return `Slipway service "${service ?? '?'}" in ${environment ?? '?'}`;
  }
  const others = [
    ...new Set(
      (live.metadata?.managedFields ?? [])
        .map(f => f.manager ?? 'unknown')
        .filter(m => m !== SLIPWAY_FIELD_MANAGER),
    ),
  ];
  if (others.length === 0) {
    return undefined; // written by Slipway alone: its labels were removed by hand
  }
  if (target.adoptUnlabelled && live.kind !== 'Namespace') {
    return undefined;
  }
  return `field managers ${others.join(', ')} (no Slipway labels)`;
}

/** Live objects this target may not write, each with who holds it. */
export class OwnedElsewhereError extends Error {
  constructor(
    readonly objects: Array<{
      kind: string;
      namespace?: string;
      name: string;
      owner: string;
    }>,
  ) {
    super(
      `${objects.length} object${
        objects.length === 1 ? '' : 's'
      } in Git already exist and belong to someone else; nothing was applied. Annotate a live object with ${SLIPWAY_ADOPT_ANNOTATION}: <service> to hand it over:\n${objects
        .map(o => `${objectName(o)}: belongs to ${o.owner}`)
        .join('\n')}`,
    );
  }
}
