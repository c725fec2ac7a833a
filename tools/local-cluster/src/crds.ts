import { ApiextensionsV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyManifests } from './applyManifests';
import { waitFor } from './readiness';

/** Keep in step with scripts/versions.sh. */
export const GATEWAY_API_VERSION = '1.3.0';

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
export async function installGatewayApiCrds(kc: KubeConfig): Promise<void> {
  const cache =
    process.env.SLIPWAY_CACHE ?? path.join(os.homedir(), '.cache', 'slipway');
  const dir = path.join(cache, `gateway-api-v${GATEWAY_API_VERSION}`, 'crds');
  if (!fs.existsSync(dir)) {
    throw new Error(
      `The Gateway API CRDs are not in ${dir}; run tools/local-cluster/scripts/build-binaries.sh (npm test does this)`,
    );
  }
  const files = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .sort();
  await installCrds(
    kc,
    files.map(f => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n---\n'),
  );
}
