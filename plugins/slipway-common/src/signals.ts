/**
 * The Backstage signals channel on which Slipway says that an entity's
 * delivery or canaries changed; the tabs read the API again when told.
 * The message carries no data, so a subscriber learns nothing it could
 * not read through the permissioned API.
 *
 * @public
 */
export const slipwaySignalChannel = (entityRef: string) =>
  `slipway:entity:${entityRef}`;

/**
 * What changed, on an entity's channel.
 *
 * @public
 */
export type SlipwaySignal = { kind: 'delivery' | 'canary' };
