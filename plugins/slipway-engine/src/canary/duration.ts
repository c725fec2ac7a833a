export { durationMs } from '@slipway/model';
