import type { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { DEPLOY_DIR } from './clusterKit';
import { installCrds } from './crds';

/** Installs `canaries.slipway.io` from deploy/crds and waits until it is served. */
export async function installCanaryCrd(kc: KubeConfig): Promise<void> {
  await installCrds(
    kc,
    fs.readFileSync(
      path.join(DEPLOY_DIR, 'crds/canaries.slipway.io.yaml'),
      'utf8',
    ),
    'slipway-test',
  );
}
