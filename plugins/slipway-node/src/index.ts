/**
 * Node.js library for Slipway: what backend plugins and modules share.
 *
 * @packageDocumentation
 */

export { readSlipwayEnvironments } from './environments';
export {
  publicPrometheusSettings,
  readPrometheusSettings,
} from './prometheusSettings';
export { deliveryTargetsOf } from './deliveryTargets';
export { namespacesFor, writePolicyOf } from './writePolicy';
export type { WritePolicy } from './writePolicy';
export { gitCredentialsFor } from './git/gitCredentialsFor';
export { ENGINE_ACCOUNT, engineRbac } from './rbac/engineRbac';
export type { EngineRbac, RbacEnvironment } from './rbac/engineRbac';
export { ConfigRepoWriter } from './configRepo/ConfigRepoWriter';
export { GithubRateLimitError } from './configRepo/githubErrors';
export { SLIPWAY_COMMIT_AUTHOR } from './configRepo/types';
export type {
  ChangeMode,
  ConfigRepoWrite,
  ConfigRepoWriteResult,
  PullRequestRequest,
} from './configRepo/types';
export { promoteService, promotionTargets } from './promotion/promoteService';
export type {
  PromotionRequest,
  PromotionResult,
} from './promotion/promoteService';
export { planServiceRestore, restoreService } from './promotion/restoreService';
export type { RestoreDeps, RestoreResult } from './promotion/restoreService';
export { describeImageAutomation, imageAutomationOf } from './imageAutomation';
export type { TargetImageAutomation } from './imageAutomation';
export { slipwayCanaryExtensionPoint } from './extensions/canaryExtensionPoint';
export type { SlipwayCanaryExtensionPoint } from './extensions/canaryExtensionPoint';
export { activeFreezeWindow, type ActiveFreezeWindow } from './freezeWindows';
