import { KubeConfig, CoreV1Api } from '@kubernetes/client-node';
import {
  acquireTestCluster,
  DEPLOY_DIR,
  freePort,
  resolveKustomize,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedBaseApp, copyOfBaseApp } from './baseApp';
import { run } from './commands';
import { BackstageProcess } from './backstageProcess';
import {
  clusterEnvironment,
  CONFIG_COMMIT_MESSAGE,
  installClusterKit,
  makeConfigRepository,
  README_NAMESPACE,
  removeNamespace,
} from './deliveryFixtures';
import { expectDeliveryTab } from './deliveryTab';
import { EXAMPLE_COMPONENT, followStep } from './followReadme';
import { readmeSteps } from './readmeSteps';
import { ScopedRegistry } from './scopedRegistry';

/**
 * The install test: the packed packages (scripts/pack-plugins.sh) go into a
 * Backstage app fresh from @backstage/create-app by the steps the plugin
 * READMEs show, and the app, built and started, delivers its example
 * Component to the local cluster and shows it on the Delivery tab.
 *
 * Usage: install-test PACKS_DIR [RESULT_FILE]; uses SLIPWAY_TEST_KUBECONFIG's
 * cluster, or starts one.
 */
const repoRoot = path.resolve(DEPLOY_DIR, '..');
/** In the order a platform engineer installs them: the backend, its UI, the template actions. */
const READMES = [
  'plugins/slipway-backend/README.md',
  'plugins/slipway/README.md',
  'plugins/scaffolder-backend-module-slipway/README.md',
];

const started = Date.now();
const log = (line: string) =>
  process.stderr.write(
    `[install-test ${Math.round((Date.now() - started) / 1000)} s] ${line}\n`,
  );

/** The app's Yarn takes @slipway/* from the registry serving the tarballs, as from a company registry. */
async function useRegistryForScope(appDir: string, registry: ScopedRegistry) {
  const yarnrc = path.join(appDir, '.yarnrc.yml');
  const text = fs
    .readFileSync(yarnrc, 'utf8')
    .replace(
      /npmPreapprovedPackages:\n/,
      "npmPreapprovedPackages:\n  - '@slipway/*'\n",
    );
  fs.writeFileSync(
    yarnrc,
    `${text}npmScopes:\n  slipway:\n    npmRegistryServer: '${registry.url}'\nunsafeHttpWhitelist:\n  - localhost\n`,
  );
  // Yarn's shared cache keys a package by name and version: an earlier run's
  // @slipway/*@0.0.0 would stand in for this build's.
  const cache = (
    await run('yarn', ['config', 'get', 'cacheFolder'], { cwd: appDir })
  ).trim();
  for (const file of fs.existsSync(cache) ? fs.readdirSync(cache) : []) {
    if (file.startsWith('@slipway-')) fs.rmSync(path.join(cache, file));
  }
}

async function main() {
  const [packsArg, resultFile] = process.argv.slice(2);
  if (!packsArg) {
    throw new Error('usage: install-test PACKS_DIR [RESULT_FILE]');
  }
  const packsDir = path.resolve(packsArg);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-install-'));
  const baseApp = await cachedBaseApp(repoRoot, log);
  log(`copying the new app (${baseApp}) to ${workDir}`);
  const appDir = await copyOfBaseApp(baseApp, workDir);

  const registry = await ScopedRegistry.serve(packsDir);
  const cluster = await acquireTestCluster();
  let backstage: BackstageProcess | undefined;
  let passed = false;
  try {
    log(`serving ${registry.packages.join(', ')} at ${registry.url}`);
    await useRegistryForScope(appDir, registry);
    for (const readme of READMES) {
      for (const step of readmeSteps(path.join(repoRoot, readme))) {
        await followStep(appDir, step, log);
      }
    }
    log('yarn tsc');
    await run('yarn', ['tsc'], { cwd: appDir });
    log('building the frontend (yarn workspace app build)');
    await run('yarn', ['workspace', 'app', 'build'], { cwd: appDir });

    log('installing the cluster kit; a config repository for example-website');
    const kc: KubeConfig = cluster.kubeConfig;
    await installClusterKit(kc);
    const configRepo = makeConfigRepository(workDir, EXAMPLE_COMPONENT);
    const env = await clusterEnvironment(kc, configRepo);
    const kustomizeDir = path.dirname(resolveKustomize());

    log('starting the backend (yarn workspace backend start)');
    backstage = await BackstageProcess.start({
      appDir,
      port: await freePort(),
      env: { ...env, PATH: `${kustomizeDir}:${process.env.PATH}` },
    });
    log(`Backstage serves ${backstage.baseUrl}; opening the Delivery tab`);
    const screenshotFile = path.join(workDir, 'delivery-tab.png');
    try {
      await expectDeliveryTab({
        baseUrl: backstage.baseUrl,
        component: EXAMPLE_COMPONENT,
        commitMessage: CONFIG_COMMIT_MESSAGE,
        screenshotFile,
      });
    } catch (error) {
      throw new Error(
        `${error}\nscreenshot: ${screenshotFile}\n${backstage.tail()}`,
      );
    }
    const configMap = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedConfigMap({
        name: EXAMPLE_COMPONENT,
        namespace: README_NAMESPACE,
      });
    if (configMap.data?.greeting !== 'hello from the config repository') {
      throw new Error(
        `ConfigMap ${README_NAMESPACE}/${EXAMPLE_COMPONENT} is not the config repository's`,
      );
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    passed = true;
    log(
      `passed in ${seconds} s${
        process.env.SLIPWAY_KEEP_INSTALL_TEST
          ? `; the app and screenshot are in ${workDir}`
          : ''
      }`,
    );
    if (resultFile) {
      fs.writeFileSync(resultFile, JSON.stringify({ passed: 1, seconds }));
    }
  } finally {
    await backstage?.stop();
    await registry.close();
    await removeNamespace(cluster.kubeConfig);
    await cluster.release();
    // A failure keeps its screenshot and config repository to look at.
    if (!process.env.SLIPWAY_KEEP_INSTALL_TEST) {
      fs.rmSync(passed ? workDir : appDir, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  log(`FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
