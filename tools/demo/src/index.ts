import {
  LocalCluster,
  LocalRegistry,
  resolveHelm,
  resolveKustomize,
} from '@slipway/local-cluster';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { writeDemoAppConfig } from './appConfig';
import { ensureAppBundle } from './appBundle';
import { BACKEND_URL, BackstageApp, FRONTEND_URL } from './backstage';
import {
  engineToken,
  installSlipway,
  kubernetesPluginToken,
  waitForExampleServices,
} from './clusterSetup';
import { ensureConfigRepo } from './configRepo';
import { startDemoRegistry } from './demoRegistry';
import { DemoTraffic } from './demoTraffic';
import { DEMO_REGISTRY_HOST } from './exampleServices';
import { installPushHook } from './pushHook';

// Run from the repository root (npm run demo and the browser tests do).
const repoRoot = path.resolve(process.env.SLIPWAY_REPO_ROOT ?? process.cwd());
const stateDir = path.resolve(
  process.env.SLIPWAY_DEMO_DIR ?? path.join(repoRoot, '.demo'),
);
const say = (message: string) => console.log(`[demo] ${message}`);

async function main() {
  const started = Date.now();
  const clusterDir = path.join(stateDir, 'cluster');
  const configRepo = path.join(stateDir, 'config-repo');
  const readyFile = path.join(stateDir, 'ready.json');
  // Checked before anything is written, so a wrong directory is left as it was.
  await fs.access(path.join(repoRoot, 'deploy', 'crds')).catch(() => {
    throw new Error(
      `${repoRoot} is not the Slipway repository root (no deploy/crds); run the demo with npm run demo`,
    );
  });
  await fs.rm(clusterDir, { recursive: true, force: true });
  await fs.rm(readyFile, { force: true });
  await fs.mkdir(stateDir, { recursive: true });

  let cluster: LocalCluster | undefined;
  let app: BackstageApp | undefined;
  let traffic: DemoTraffic | undefined;
  let registry: LocalRegistry | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    say('stopping Backstage and the local cluster');
    await app?.stop();
    await traffic?.stop();
    await registry?.stop();
    await cluster?.stop();
    await fs.rm(readyFile, { force: true });
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    say('starting the local Kubernetes control plane');
    cluster = await LocalCluster.start({
      dir: clusterDir,
      nodes: ['kwok-node-0', 'kwok-node-1', 'kwok-node-2'],
      log: message => say(`  ${message}`),
    });
    const kc = cluster.kubeConfig();

    say(`creating the config repository at ${configRepo}`);
    await ensureConfigRepo(configRepo);
    say("installing Slipway's CRDs and RBAC from deploy/");
    await installSlipway(kc, repoRoot);
    say("starting Prometheus and the canaries' demo traffic");
    traffic = await DemoTraffic.start(kc);
    say(`starting the demo's container registry on ${DEMO_REGISTRY_HOST}`);
    registry = await startDemoRegistry(orUndefined(resolveHelm));
    const webhookSecret = randomBytes(16).toString('hex');
    const demoConfig = path.join(stateDir, 'app-config.demo.yaml');
    await writeDemoAppConfig({
      file: demoConfig,
      server: cluster.server,
      caCertFile: path.join(clusterDir, 'pki', 'ca.crt'),
      engineToken: await engineToken(kc),
      kubernetesPluginToken: await kubernetesPluginToken(kc),
      configRepo,
      webhookSecret,
      engineDir: path.join(stateDir, 'engine'),
      prometheusUrl: traffic.prometheus.url,
      kustomize: orUndefined(resolveKustomize),
      // Plain YAML services still work without them; overlays and charts say what is missing.
      helm: orUndefined(resolveHelm),
      baseLocations: await baseCatalogLocations(repoRoot),
    });
    await installPushHook({
      configRepo,
      secret: webhookSecret,
      webhookUrl: `${BACKEND_URL}/api/slipway/webhooks/github`,
    });

    await ensureAppBundle(repoRoot, say);
    say('starting Backstage');
    app = BackstageApp.start({
      repoRoot,
      configFiles: [path.join(repoRoot, 'app-config.yaml'), demoConfig],
      logFile: process.env.SLIPWAY_DEMO_LOG,
    });
    await app.waitUntilServing();
    say(
      'waiting for Slipway to deploy the example services from the config repository',
    );
    await waitForExampleServices(kc, message => say(`  ${message}`));

    await fs.writeFile(
      readyFile,
      JSON.stringify(
        {
          frontend: FRONTEND_URL,
          backend: BACKEND_URL,
          kubeconfig: cluster.kubeconfigPath,
          configRepo,
          registry: registry.url,
        },
        null,
        2,
      ),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`
Slipway demo is ready (${seconds} s)
  Backstage:   ${FRONTEND_URL}   (sign in as guest; the backend serves the built app and the API)
  Kubeconfig:  ${cluster.kubeconfigPath}
               kubectl --kubeconfig ${cluster.kubeconfigPath} get nodes
  Config repo: ${configRepo}
  Prometheus:  ${traffic.prometheus.url}   (the staging canaries of checkout, payments and ledger)
  Registry:    ${registry.url}   (payments' images: npm run demo:push-image -- payments 0.9.8; ledger's chart)
Press Ctrl-C to stop everything.
`);
  } catch (error) {
    console.error(
      `[demo] failed: ${error instanceof Error ? error.message : error}`,
    );
    await shutdown(1);
  }
}

async function baseCatalogLocations(root: string): Promise<object[]> {
  const appConfig = parse(
    await fs.readFile(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  return appConfig?.catalog?.locations ?? [];
}

function orUndefined(resolve: () => string): string | undefined {
  try {
    return resolve();
  } catch {
    return undefined;
  }
}

main().catch(error => {
  console.error(
    `[demo] failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
