/**
 * Slipway's delivery engine. It imports nothing from Backstage, so the same
 * engine can run inside the backend or as an in-cluster controller.
 *
 * @packageDocumentation
 */

export { servicePath, InvalidServicePathError } from './paths/servicePath';
export { targetLabels, targetSelector } from './labels';
