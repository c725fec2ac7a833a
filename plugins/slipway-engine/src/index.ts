/**
 * Slipway's delivery engine. It imports nothing from Backstage, so the same
 * engine can run inside the backend or as an in-cluster controller.
 *
 * @packageDocumentation
 */

export { servicePath, InvalidServicePathError } from './paths/servicePath';
export { targetLabels, targetSelector } from './labels';
export { GitRepositoryCache } from './git/GitRepositoryCache';
export type { GitSource, FetchedRevision } from './git/GitRepositoryCache';
export type { GitCredentials } from './git/credentials';
export { urlCredentials } from './git/credentials';
export { redactSecrets, redactUrl, REDACTED } from './security/redact';
export {
  maskChanges,
  maskedValue,
  SECRET_MASK_RULE,
} from './security/maskValues';
export type { Masking, MaskRule } from './security/maskValues';
export { DEFAULT_WEBHOOK_HOSTS } from './security/outboundPolicy';
export type { OutboundPolicy } from './security/outboundPolicy';
export { GitError } from './git/runGit';
export { loadManifests } from './render/loadManifests';
export { validateNamespaces } from './render/validateNamespaces';
export {
  DEFAULT_DENIED_KINDS,
  validateKindPolicy,
} from './render/validateKindPolicy';
export type { KindPolicy } from './render/validateKindPolicy';
export { ALLOW_EMPTY_FILE } from './reconcile/renderTarget';
export { InvalidManifestsError, formatIssue } from './render/manifest';
export type {
  ChartHook,
  Manifest,
  ManifestIssue,
  SourcedManifest,
} from './render/manifest';
export { serverSideApply } from './apply/serverSideApply';
export type { AppliedObject, ObjectRef } from './apply/serverSideApply';
export { ObjectClient } from './apply/ObjectClient';
export type { ClusterAccess } from './apply/ClusterAccess';
export { KubeHttp, KubernetesApiError } from './apply/KubeHttp';
export type { KubeRequest } from './apply/KubeHttp';
export type { ServedKind, ClusterCapabilities } from './apply/ObjectClient';
export type { OwnershipTarget } from './apply/ownership';
export { diffObjects } from './apply/diffObjects';
export type { FieldChange } from './apply/diffObjects';
export { prune } from './inventory/prune';
export type { PruneResult } from './inventory/prune';
export { DEFAULT_PRUNE_LIMITS, pruneHash } from './inventory/pruneGate';
export type { PendingPrune, PruneLimits } from './inventory/pruneGate';
export { objectKey, objectName } from './inventory/objectKey';
export { objectHealth } from './health/objectHealth';
export type {
  HealthStatus,
  LiveObjectStatus,
  ObjectHealth,
} from './health/objectHealth';
export { reconcileTarget } from './reconcile/reconcileTarget';
export type {
  DeliveryTargetSpec,
  ReconcileResult,
} from './reconcile/reconcileTarget';
export { EMPTY_STATUS, isRollingOut } from './reconcile/targetStatus';
export { failedConditions } from './reconcile/outcomeConditions';
export type { TargetStatus } from './reconcile/targetStatus';
export type { Condition, ConditionType } from './reconcile/conditions';
export { readManifests } from './render/loadManifests';
export { validateKinds } from './render/validateKinds';
export type { KindDescriber } from './render/validateKinds';
export type { CommitInfo, DriftRecord } from './reconcile/targetStatus';
export { fieldManagers } from './drift/fieldManagers';
export type { ManagedFieldsEntry } from './drift/fieldManagers';
/** For tests: a real Git repository on disk with a commit helper. */
export { runCanaryTick, readCanary } from './canary/runCanaryTick';
export type { CanaryRef } from './canary/runCanaryTick';
export type { StepFailure } from './canary/canaryConditions';
export type { CanaryResource } from './canary/canaryResource';
export type {
  CanaryTickContext,
  CanaryTickResult,
  CanaryTransition,
} from './canary/tickTypes';
export { durationMs } from './canary/duration';
export type { Router, Weights } from './routers/Router';
export { KubernetesRouter } from './routers/kubernetesRouter';
export { GatewayApiRouter } from './routers/gatewayApiRouter';
export { AppMeshRouter } from './routers/appMeshRouter';
export {
  BUILT_IN_ROUTERS,
  ProviderRouter,
  routerFactories,
} from './routers/routerFactory';
export type { RouterFactory } from './routers/routerFactory';
export type { MetricProvider } from './metrics/MetricProvider';
export { NoDataError } from './metrics/MetricProvider';
export {
  failingProvider,
  metricProviderLookup,
} from './metrics/metricProviderFactory';
export type {
  MetricProviderFactory,
  MetricProviderLookup,
} from './metrics/metricProviderFactory';
export { PrometheusProvider } from './metrics/prometheusProvider';
export type { PrometheusAuth } from './metrics/prometheusAuth';
export type { OutgoingRequest, RequestSigner } from './metrics/requestSigner';
export { sigV4Signer } from './metrics/sigV4Signer';
export { CloudWatchProvider } from './metrics/cloudWatchProvider';
export { builtInQuery } from './metrics/builtInQueries';
export {
  requestCanaryAction,
  requestSkipAnalysis,
  CanaryActionRefused,
} from './canary/canaryActions';
export {
  parseImageReference,
  formatImageReference,
  isImageReference,
} from './images/imageReference';
export type { ImageReference } from './images/imageReference';
export { containerImages, workloadImages } from './images/containerImages';
export { rewriteImages } from './images/rewriteImages';
export type { ImageChange, ImageRewrite } from './images/rewriteImages';
export { renderDirectory } from './render/renderDirectory';
export { renderRevision } from './render/renderRevision';
export type { RenderTools } from './render/renderTools';
export {
  ChartValuesError,
  rewriteChartValues,
} from './images/rewriteChartValues';
export type { ChartCapabilities } from './render/helmTemplate';
export { RemoteCharts } from './charts/RemoteCharts';
export type {
  ChartRepositorySettings,
  FetchedChart,
  RemoteChart,
} from './charts/RemoteCharts';
export { ChartError } from './charts/pickChartVersion';
export { diffRendered } from './render/diffRendered';
export { CHART_VALUES_KIND, diffChartValues } from './render/diffChartValues';
export type { RenderedObjectChange } from './render/diffRendered';
export type {
  RenderedChart,
  RenderedDirectory,
} from './render/renderDirectory';
export { pushChange } from './git/pushChange';
export type { ConfigChange, PushedChange } from './git/pushChange';
export {
  planPromotion,
  promotionMessage,
  PromotionError,
} from './promotion/planPromotion';
export type {
  EnvironmentSource,
  PromotionPlan,
} from './promotion/planPromotion';
export { planRestore } from './promotion/planRestore';
export { maskConfigFile } from './security/maskConfigFile';
export type { RestorePlan } from './promotion/planRestore';
export {
  environmentImages,
  EnvironmentRenderError,
  shortRevision,
} from './images/environmentImages';
export { IMAGE_MARKER } from './images/rewriteImages';
export { newestTag } from './imageAutomation/newestTag';
export {
  planImageUpdate,
  imageUpdateMessage,
  ImageAutomationError,
} from './imageAutomation/planImageUpdate';
export type { ImageUpdatePlan } from './imageAutomation/planImageUpdate';
export { ImageRegistries } from './imageAutomation/registries/ImageRegistries';
export type { RegistrySettings } from './imageAutomation/registries/ImageRegistries';
export {
  RegistryError,
  type ImageRegistry,
  type RegistryTag,
} from './imageAutomation/registries/ImageRegistry';
export { OciRegistry } from './imageAutomation/registries/ociRegistry';
export type { OciManifest } from './imageAutomation/registries/ociRegistry';
export type {
  OciRegistryOptions,
  RegistryCredentials,
} from './imageAutomation/registries/ociRegistry';
export {
  EcrRegistry,
  parseEcrHost,
} from './imageAutomation/registries/ecrRegistry';
export { PromiseCache } from './cache/PromiseCache';
export type { PromiseCacheOptions } from './cache/PromiseCache';
