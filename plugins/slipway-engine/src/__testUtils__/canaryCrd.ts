import { KubeConfig } from '@kubernetes/client-node';
import { installCrds } from '@slipway/local-cluster';
import fs from 'node:fs';
import path from 'node:path';

const CRD = path.resolve(
  __dirname,
  '../../../../deploy/crds/canaries.slipway.io.yaml',
);

/** Installs `canaries.slipway.io` from deploy/crds and waits until it is served. */
export async function installCanaryCrd(kc: KubeConfig): Promise<void> {
  await installCrds(kc, fs.readFileSync(CRD, 'utf8'), 'slipway-test');
}
