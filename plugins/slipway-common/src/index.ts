/**
 * Types, annotations and permissions shared by Slipway's frontend and backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './serviceAnnotations';
export * from './permissions';
export * from './types';
export * from './canary';
export * from './api';
export * from './canarySteps';
export * from './imagePolicy';
export * from './tagPattern';
export * from './signals';
export * from './duration';
