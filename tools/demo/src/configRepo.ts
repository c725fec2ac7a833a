import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  canaryManifest,
  DEMO_CANARIES,
  DEMO_ENVIRONMENTS,
  EXAMPLE_SERVICES,
  serviceManifests,
} from './exampleServices';
import { DEMO_CHART, demoChartRelease } from './demoChart';

const run = promisify(execFile);

/** Path of a service's manifests, as the default path template says. */
export const servicePath = (environment: string, service: string) =>
  path.posix.join('clusters', environment, service);

/** Where the template's Components go, catalogued by the demo (catalog/*.yaml). */
export const CATALOG_DIR = 'catalog';

/**
 * Creates (or keeps) a local Git repository that takes pushes laid out as a config repo:
 * clusters/<environment>/<service>/manifests.yaml (and canary.yaml for the
 * demo's canaries), one commit.
 */
export async function ensureConfigRepo(dir: string): Promise<void> {
  const exists = await fs.access(path.join(dir, '.git')).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await createConfigRepo(dir);
  }
  // Promotions and the template's proposals are pushed here, as to a Git server.
  await run('git', ['config', 'receive.denyCurrentBranch', 'updateInstead'], {
    cwd: dir,
  });
}

async function createConfigRepo(dir: string): Promise<void> {
  await fs.mkdir(path.join(dir, CATALOG_DIR), { recursive: true });
  // The catalog reads catalog/*.yaml from the start (a glob matching nothing is
  // warned about on every pass); the template's proposals land beside this file.
  await fs.writeFile(
    path.join(dir, CATALOG_DIR, 'proposed.yaml'),
    '# Components that the GitOps service template proposes are catalogued from catalog/*.yaml.\n',
  );
  for (const environment of DEMO_ENVIRONMENTS) {
    for (const service of EXAMPLE_SERVICES) {
      const serviceDir = path.join(dir, servicePath(environment, service.name));
      await fs.mkdir(serviceDir, { recursive: true });
      await fs.writeFile(
        path.join(serviceDir, 'manifests.yaml'),
        serviceManifests(service, environment),
      );
      if (
        DEMO_CANARIES.some(
          c => c.environment === environment && c.service === service.name,
        )
      ) {
        await fs.writeFile(
          path.join(serviceDir, 'canary.yaml'),
          canaryManifest(service, environment),
        );
      }
    }
  }
  for (const environment of DEMO_ENVIRONMENTS) {
    const serviceDir = path.join(
      dir,
      servicePath(environment, DEMO_CHART.service),
    );
    await fs.mkdir(serviceDir, { recursive: true });
    for (const [file, text] of Object.entries(demoChartRelease(environment))) {
      await fs.writeFile(path.join(serviceDir, file), text);
    }
  }
  const git = (...args: string[]) =>
    run('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Slipway demo',
        GIT_AUTHOR_EMAIL: 'demo@slipway.local',
        GIT_COMMITTER_NAME: 'Slipway demo',
        GIT_COMMITTER_EMAIL: 'demo@slipway.local',
      },
    });
  await git('init', '--quiet', '--initial-branch=main');
  await git('add', '.');
  await git('commit', '--quiet', '-m', 'Example services for the Slipway demo');
}
