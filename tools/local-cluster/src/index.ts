export { LocalCluster } from './localCluster';
export type { LocalClusterOptions } from './localCluster';
export { acquireTestCluster, SHARED_KUBECONFIG_ENV } from './testCluster';
export type { TestCluster } from './testCluster';
export {
  binaryCacheDir,
  resolveBinaries,
  resolveHelm,
  resolveKustomize,
  CONTROL_PLANE_VERSIONS,
} from './binaries';
export { isListening, freePort } from './ports';
export { waitFor } from './readiness';
export { applyManifests } from './applyManifests';
export {
  GATEWAY_API_VERSION,
  installAppMeshCrds,
  installCrds,
  installGatewayApiCrds,
} from './crds';
export { acquireTestNamespace } from './testNamespace';
export type { TestNamespace } from './testNamespace';
export { LocalPostgres } from './postgres';
export type { PostgresConnection } from './postgres';
export { serviceAccountToken } from './serviceAccountToken';
export { LocalPrometheus } from './prometheus';
export { TestExporter } from './testExporter';
export { LocalRegistry } from './registry';
export type { RegistryAuth } from './registry';
export { pushImage } from './pushImage';
export {
  CLUSTER_KIT_BASE_DIR,
  CLUSTER_KIT_CHART_DIR,
  DEPLOY_DIR,
  engineRbacManifests,
} from './clusterKit';
export { CHROMIUM_LAUNCH_OPTIONS } from './chromium';
export { slipwayCacheDir } from './slipwayCacheDir';
export {
  clusterConfig,
  engineCluster,
  engineClusterConfig,
  engineCredentials,
  serviceEntity,
  slipwayAppConfig,
} from './slipwayAppConfig';
export type { EngineCluster, SlipwayTestConfig } from './slipwayAppConfig';
export { canaryStatus } from './canaryStatus';
export { installCanaryCrd } from './canaryCrd';
