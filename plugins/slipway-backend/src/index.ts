/**
 * Slipway's backend plugin.
 *
 * @packageDocumentation
 */

export { slipwayPlugin as default } from './plugin';
export { kubernetesModuleSlipwayClusters } from './kubernetesClusters/kubernetesModule';
