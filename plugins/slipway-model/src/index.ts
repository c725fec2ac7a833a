/**
 * Slipway's model: the Canary resource's schema and types, the annotations
 * and labels Slipway reads and writes, image policies, durations and the
 * shapes of delivery targets. It depends on no framework, so the engine can
 * use it outside Backstage and the frontend and backend share it through
 * `@slipway/backstage-plugin-slipway-common`.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './serviceAnnotations';
export * from './types';
export * from './canary';
export * from './canarySteps';
export * from './imagePolicy';
export * from './tagPattern';
export * from './duration';
export * from './skipAnalysis';
export * from './chartRelease';
