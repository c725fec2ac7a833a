import { ApiextensionsV1Api, KubeConfig } from '@kubernetes/client-node';
import { applyManifests, waitFor } from '@slipway/local-cluster';
import fs from 'node:fs';
import path from 'node:path';

const CRD = path.resolve(
  __dirname,
  '../../../../deploy/crds/canaries.slipway.io.yaml',
);

/** Installs `canaries.slipway.io` from deploy/crds and waits until it is served. */
export async function installCanaryCrd(kc: KubeConfig): Promise<void> {
  await applyManifests(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-test');
  const crds = kc.makeApiClient(ApiextensionsV1Api);
  await waitFor(
    'the Canary CRD to be established',
    async () =>
      (
        await crds.readCustomResourceDefinition({ name: 'canaries.slipway.io' })
      ).status?.conditions?.some(
        c => c.type === 'Established' && c.status === 'True',
      ) || undefined,
    30_000,
  );
}
