/**
 * The slipway module for the scaffolder backend (`@backstage/plugin-scaffolder-backend`): actions that
 * create GitOps-enabled services and promote them between environments.
 *
 * @packageDocumentation
 */

export { scaffolderModule as default } from './module';
export { createCatalogAnnotationsAction } from './actions/catalogAnnotations';
export { createManifestsAction } from './actions/createManifests';
export { createConfigRepoPullRequestAction } from './actions/configRepoPullRequest';
export { createPromoteAction } from './actions/promote';
export { promoteThroughSlipway } from './slipwayBackend';
export type { PromoteRequest, PromoteThroughSlipway } from './slipwayBackend';
