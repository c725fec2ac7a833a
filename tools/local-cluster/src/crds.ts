import { ApiextensionsV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { applyManifests } from './applyManifests';
import { waitFor } from './readiness';
import { slipwayCacheDir } from './slipwayCacheDir';

/** Keep in step with scripts/versions.sh. */
export const GATEWAY_API_VERSION = '1.3.0';
export const EKS_CHARTS_VERSION = 'v0.0.243-0.20260821194545-743f98a89b5b';

/** The YAML files of a directory build-binaries.sh filled, as one text. */
function fetchedCrds(dir: string): string {
  if (!fs.existsSync(dir)) {
    throw new Error(
      `No CRDs in ${dir}; run tools/local-cluster/scripts/build-binaries.sh (npm test does this)`,
    );
  }
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .map(f => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n---\n');
}

/**
 * Applies CustomResourceDefinitions (a multi-document YAML text) and waits
 * until the API server serves each of them.
 */
export async function installCrds(
  kc: KubeConfig,
  yamlText: string,
  fieldManager = 'slipway-tests',
): Promise<void> {
  const applied = await applyManifests(kc, yamlText, fieldManager);
  const crds = kc.makeApiClient(ApiextensionsV1Api);
  for (const crd of applied.filter(
    o => o.kind === 'CustomResourceDefinition',
  )) {
    const name = crd.metadata!.name!;
    await waitFor(
      `the CRD ${name} to be established`,
      async () =>
        (
          await crds.readCustomResourceDefinition({ name })
        ).status?.conditions?.some(
          c => c.type === 'Established' && c.status === 'True',
        ) || undefined,
      30_000,
    );
  }
}

/**
 * The Gateway API's standard CRDs (HTTPRoute, Gateway, …) as
 * build-binaries.sh fetched them from the sigs.k8s.io/gateway-api module.
 */
export function installGatewayApiCrds(kc: KubeConfig): Promise<void> {
  return installCrds(
    kc,
    fetchedCrds(
      path.join(
        slipwayCacheDir(),
        `gateway-api-v${GATEWAY_API_VERSION}`,
        'crds',
      ),
    ),
  );
}

/**
 * The App Mesh controller's CRDs (Mesh, VirtualNode, VirtualRouter, …
 * v1beta2) as build-binaries.sh fetched them from the eks-charts module.
 */
export function installAppMeshCrds(kc: KubeConfig): Promise<void> {
  return installCrds(
    kc,
    fetchedCrds(
      path.join(
        slipwayCacheDir(),
        `eks-charts-${EKS_CHARTS_VERSION}`,
        'appmesh-crds',
      ),
    ),
  );
}
