import type { Entity } from '@backstage/catalog-model';
import { SLIPWAY_ANNOTATIONS } from '@slipway/backstage-plugin-slipway-common';

/**
 * Whether Slipway delivers this entity: it carries the
 * `slipway.io/environments` annotation (its tabs then say what is wrong
 * with it, if anything). For `EntitySwitch.Case if={isSlipwayAvailable}` in
 * a legacy app; the new frontend system's tabs use it already.
 *
 * @public
 */
export function isSlipwayAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.environments],
  );
}
