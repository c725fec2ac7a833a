/**
 * Slipway's frontend plugin: Delivery and Canary tabs for catalog entities.
 *
 * The default export is the plugin for the new frontend system; the named
 * legacy exports serve apps on the old one.
 *
 * @packageDocumentation
 */

export { slipwayPlugin as default } from './plugin';
export { slipwayApiRef } from './api/SlipwayApi';
export { isSlipwayAvailable } from './isSlipwayAvailable';
export { SlipwayClient, SlipwayRequestError } from './api/SlipwayClient';
export type {
  SlipwayApi,
  DeliveryTarget,
  DeliveryAction,
  CanaryAction,
  EnvironmentRef,
} from './api/SlipwayApi';
export {
  slipwayLegacyPlugin,
  EntitySlipwayDeliveryContent,
  EntitySlipwayCanaryContent,
  EntitySlipwayReleasesContent,
  EntitySlipwayOverviewCard,
  EntitySlipwayDoraCard,
  SlipwayDoraPage,
} from './legacy';
