/**
 * Slipway's frontend plugin: Delivery and Canary tabs for catalog entities.
 *
 * The default export is the plugin for the new frontend system; the named
 * legacy exports serve apps on the old one.
 *
 * @packageDocumentation
 */

export { slipwayPlugin as default } from './plugin';
export { slipwayApiRef, SlipwayClient } from './api/SlipwayApi';
export type { SlipwayApi, DeliveryTarget } from './api/SlipwayApi';
export { slipwayLegacyPlugin, EntitySlipwayDeliveryContent } from './legacy';
