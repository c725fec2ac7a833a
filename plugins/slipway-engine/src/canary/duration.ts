export { durationMs } from '@slipway/backstage-plugin-slipway-common';
