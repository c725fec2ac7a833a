/*
 * bench/canary: N canaries (default 200) with a 10 s analysis interval in
 * one real backend against a local cluster and a real Prometheus. The
 * bench plays Git (it applies each service's Deployment and Canary, then
 * a new image for all of them at once) and the services (an exporter
 * whose request counts Prometheus scrapes). Prints one `name: value` line
 * per figure: how late each analysis came after its interval (p50, p99,
 * max) and the backend's CPU while the runs went on.
 *
 *   yarn bench:canary [--canaries 200]
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { ObjectClient } from '@slipway/engine';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  installCrds,
  LocalCluster,
  LocalPrometheus,
  TestExporter,
} from '@slipway/local-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBenchBackend } from '../common/benchBackend';
import { figure, percentile, progress, until } from '../common/report';
import { canaryName, serviceObjects } from './workloads';

const INTERVAL_SECONDS = 10;
const ITERATIONS = 3;
const ENVIRONMENT = 'bench-canary';
const NAMESPACE = 'bench-canary';

/** Applies objects with a few requests in flight, as the reconciler would. */
async function applyAll(client: ObjectClient, objects: any[]) {
  const queue = [...objects];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let o = queue.shift(); o; o = queue.shift()) {
        await client.apply(o, 'slipway');
      }
    }),
  );
}

async function main() {
  const arg = process.argv.indexOf('--canaries');
  const count = arg > 0 ? Number(process.argv[arg + 1]) : 200;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-canary-'));
  progress('starting a local cluster, Prometheus and an exporter');
  // A KWOK node takes 110 pods; a run needs a primary and a canary pod per service.
  const cluster = await LocalCluster.start({
    nodes: Array.from(
      { length: Math.ceil((2 * count) / 100) + 1 },
      (_, i) => `kwok-node-${i}`,
    ),
  });
  const exporter = await TestExporter.start();
  const prometheus = await LocalPrometheus.start({
    targets: [exporter.target],
  });
  const serving = setInterval(() => {
    for (let i = 0; i < count; i++) {
      const labels = { namespace: NAMESPACE, app: canaryName(i) };
      exporter.add('http_requests', { ...labels, code: '200' }, 10);
      exporter.add('http_requests', { ...labels, code: '500' }, 0);
    }
  }, 1000);
  figure('cores', os.cpus().length);
  figure('canaries', count);
  figure('analysis_interval_seconds', INTERVAL_SECONDS);
  let backend: Awaited<ReturnType<typeof startBenchBackend>> | undefined;
  try {
    const kc = cluster.kubeConfig();
    const client = ObjectClient.forConfig(kc);
    await installCrds(
      kc,
      fs.readFileSync(
        path.resolve(__dirname, '../../deploy/crds/canaries.slipway.io.yaml'),
        'utf8',
      ),
    );
    await kc
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: NAMESPACE } } });
    await prometheus.scraped();
    const version = (image: string) =>
      Array.from({ length: count }, (_, i) =>
        serviceObjects({
          i,
          namespace: NAMESPACE,
          environment: ENVIRONMENT,
          image,
          interval: `${INTERVAL_SECONDS}s`,
          iterations: ITERATIONS,
        }),
      );
    progress(`${count} services with their Canaries`);
    await applyAll(client, version('registry.example.com/web:1.0.0').flat());

    // The reconciler has nothing to deliver here: its repository is empty.
    const repo = createTestRepository(path.join(work, 'config'));
    repo.commit({ 'README.md': 'bench' }, 'empty');
    backend = await startBenchBackend({
      work,
      kc,
      services: 0,
      environment: ENVIRONMENT,
      slipway: {
        environments: [
          {
            name: ENVIRONMENT,
            cluster: 'bench',
            repository: repo.dir,
            namespaces: [NAMESPACE],
            interval: 3600,
          },
        ],
        reconcile: { workDir: path.join(work, 'engine') },
        canary: { prometheus: { url: prometheus.url } },
      },
    });
    const { db } = backend;
    const inPhase = (phase: string) =>
      db('slipway_canaries')
        .where({ phase })
        .count({ n: '*' })
        .then(([{ n }]) => Number(n))
        .catch(() => -1);
    await until(
      `${count} Canaries Initialized`,
      async () => (await inPhase('Initialized')) === count,
      10 * 60_000,
    );

    progress(`a new version of all ${count} services: ${count} runs`);
    const cpuBefore = backend.cpuSeconds();
    const started = Date.now();
    await applyAll(
      client,
      version('registry.example.com/web:2.0.0').map(
        ([deployment]) => deployment,
      ),
    );
    await until(
      `${count} runs Succeeded`,
      async () => (await inPhase('Succeeded')) === count,
      20 * 60_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const cpu = backend.cpuSeconds() - cpuBefore;

    // Each analysis should come one interval after the previous one of its run.
    const checks: Array<{ canary_id: string; run_id: string; at: number }> =
      await db('slipway_canary_measurements')
        .select('canary_id', 'run_id', 'at')
        .orderBy(['canary_id', 'run_id', 'at']);
    const lateness: number[] = [];
    for (let k = 1; k < checks.length; k++) {
      const [a, b] = [checks[k - 1], checks[k]];
      if (a.canary_id === b.canary_id && a.run_id === b.run_id) {
        lateness.push((Number(b.at) - Number(a.at)) / 1000 - INTERVAL_SECONDS);
      }
    }
    lateness.sort((x, y) => x - y);
    figure('checks', checks.length);
    figure('tick_lateness_p50_seconds', percentile(lateness, 0.5).toFixed(3));
    figure('tick_lateness_p99_seconds', percentile(lateness, 0.99).toFixed(3));
    figure(
      'tick_lateness_max_seconds',
      lateness[lateness.length - 1].toFixed(3),
    );
    figure('all_runs_succeeded_seconds', seconds.toFixed(1));
    figure('backend_cpu_seconds', cpu.toFixed(1));
    figure(
      'backend_cpu_percent_of_one_core',
      ((cpu / seconds) * 100).toFixed(1),
    );
    figure('backend_peak_rss_mb', backend.rss('VmHWM'));
  } finally {
    clearInterval(serving);
    await backend?.stop();
    await prometheus.stop();
    await exporter.stop();
    await cluster.stop();
    if (process.env.BENCH_KEEP) {
      progress(`kept ${work} (the backend's log is backend.log)`);
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
