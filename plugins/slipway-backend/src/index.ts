/**
 * Slipway's backend plugin.
 *
 * @packageDocumentation
 */

export { slipwayPlugin as default } from './plugin';
