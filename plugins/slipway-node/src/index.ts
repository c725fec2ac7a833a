/**
 * Node.js library for Slipway: what backend plugins and modules share.
 *
 * @packageDocumentation
 */

export { readSlipwayEnvironments } from './environments';
