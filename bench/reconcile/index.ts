/*
 * bench/reconcile: N services of 5 objects each, from a real Git repository
 * to a local cluster, by Slipway (a real backend) and by
 * `kubectl apply --server-side` on the same manifests (before and after
 * Slipway, each into its own namespace). Then the chart case: N releases of
 * one Helm chart, by Slipway and by `helm template` of each release piped
 * to the same kubectl apply. Prints one `name: value` line per figure.
 *
 *   yarn bench:reconcile [--services 100,1000]
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { createTestRepository } from '@slipway/engine/testUtils';
import {
  LocalCluster,
  resolveBinaries,
  resolveHelm,
} from '@slipway/local-cluster';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBenchBackend } from '../common/benchBackend';
import { figure, progress, until } from '../common/report';
import { apiWrites } from './apiWrites';
import { kubectlApply } from './kubectlApply';
import { helmTemplateAll } from './helmTemplateAll';
import { writeChartServices, writeServices } from './manifests';

const SECRET = 'bench-secret';

async function benchmark(options: {
  count: number;
  cluster: LocalCluster;
  kubectl: string;
  work: string;
  /** The chart case: N releases of one chart, rendered by helm. */
  helm?: string;
}) {
  const { count, cluster, kubectl, helm } = options;
  const kc = cluster.kubeConfig();
  const environment = `bench-${helm ? 'chart-' : ''}${count}`;
  const work = path.join(options.work, environment);
  const repo = createTestRepository(path.join(work, 'config'));
  (helm ? writeChartServices : writeServices)(repo.dir, environment, count);
  repo.commit({}, `${count} services`);
  // The anchor applies what helm renders; the plain case, the files themselves.
  const rendered = helm
    ? await helmTemplateAll({
        helm,
        chart: path.join(repo.dir, 'charts', 'bench'),
        count,
        out: path.join(work, 'helm-template'),
      })
    : undefined;
  const manifests = helm
    ? path.join(work, 'helm-template')
    : path.join(repo.dir, 'clusters', environment);
  // The cluster grows as the bench runs (etcd, the controllers' caches), so
  // kubectl applies before Slipway and again after it, and Slipway is
  // compared with the mean: either order alone would favour one side.
  const kubectlBefore = await kubectlApply({
    cluster,
    kubectl,
    dir: manifests,
    namespace: `kubectl-before-${environment}`,
  });
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: environment } } });

  progress(`${count} services: Slipway backend`);
  const backend = await startBenchBackend({
    work,
    kc,
    services: count,
    environment,
    slipway: {
      environments: [
        {
          name: environment,
          cluster: 'bench',
          repository: repo.dir,
          namespaces: [environment],
          interval: 3600,
        },
      ],
      reconcile: { workDir: path.join(work, 'engine'), helmPath: helm },
      webhooks: { github: { secret: SECRET } },
    },
  });
  const { db, port } = backend;
  let slipway: {
    coldSeconds: number;
    backendCpu: number;
    resyncSeconds: number;
    writes: number;
    startedRss: number;
    peakRss: number;
  };
  try {
    // Counted inside SQLite, once a second: the bench must not take the CPU it measures.
    const countTargets = (where: string) =>
      db('slipway_targets')
        .whereRaw(where)
        .count({ n: '*' })
        .then(([{ n }]) => Number(n))
        .catch(error => {
          // Until the backend has run its migrations there is no table.
          if (!String(error).includes('no such table')) {
            progress(`reading targets: ${error}`);
          }
          return -1;
        });
    await until(
      'the backend to create its tables',
      async () => (await db.schema.hasTable('slipway_targets')) && true,
      5 * 60_000,
    );
    const startedRss = backend.rss('VmRSS');
    const backendCpuBefore = backend.cpuSeconds();
    await until(
      `${count} targets applied`,
      async () =>
        (await countTargets(
          "json_extract(status, '$.lastAppliedRevision') is not null",
        )) === count,
      30 * 60_000,
    );
    // From the first start to the last target's first finish (later runs recheck health).
    const [{ first }] = await db('slipway_reconciliations').min(
      'started_at as first',
    );
    const [{ last }]: Array<{ last: number }> = await db
      .from(
        db('slipway_reconciliations')
          .groupBy('target_id')
          .min('finished_at as done')
          .as('firsts'),
      )
      .max('done as last');
    const coldSeconds = (Number(last) - Number(first)) / 1000;
    const backendCpu = backend.cpuSeconds() - backendCpuBefore;
    progress(`${count} services applied; waiting until every target is Ready`);
    await until(
      'every target Ready and idle',
      async () =>
        (await countTargets(
          `lease_owner is null and exists (select 1 from json_each(status, '$.conditions')
             where json_extract(value, '$.type') = 'Ready' and json_extract(value, '$.status') = 'True')`,
        )) === count,
      10 * 60_000,
    );

    progress(`${count} services: no-op resync of every target`);
    const writesBefore = await apiWrites(kc);
    const maxBefore = Number(
      (await db('slipway_reconciliations').max('id as max'))[0].max,
    );
    const started = Date.now();
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { clone_url: repo.dir },
    });
    const res = await fetch(
      `http://localhost:${port}/api/slipway/webhooks/github`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET)
            .update(body)
            .digest('hex')}`,
        },
        body,
      },
    );
    if (res.status !== 202) {
      throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    }
    await until(
      'the resync of every target',
      async () => {
        const [{ n }] = await db('slipway_reconciliations')
          .where('id', '>', maxBefore)
          .count({ n: '*' });
        return Number(n) >= count;
      },
      10 * 60_000,
    );
    const [{ last: resyncLast }] = await db('slipway_reconciliations')
      .where('id', '>', maxBefore)
      .max('finished_at as last');
    const resyncSeconds = (Number(resyncLast) - started) / 1000;
    const writes = (await apiWrites(kc)) - writesBefore;
    const peakRss = backend.rss('VmHWM');

    slipway = {
      coldSeconds,
      backendCpu,
      resyncSeconds,
      writes,
      startedRss,
      peakRss,
    };
  } finally {
    await backend.stop();
  }
  const kubectlAfter = await kubectlApply({
    cluster,
    kubectl,
    dir: manifests,
    namespace: `kubectl-after-${environment}`,
  });
  const kubectlSeconds = (kubectlBefore.seconds + kubectlAfter.seconds) / 2;
  const kubectlCpu = (kubectlBefore.cpu + kubectlAfter.cpu) / 2;
  const { coldSeconds, backendCpu, resyncSeconds, writes } = slipway;
  const name = (figureName: string) =>
    `${helm ? 'charts' : 'services'}_${count}_${figureName}`;

  figure(name('objects'), count * 5);
  figure(name('cold_apply_seconds'), coldSeconds.toFixed(2));
  figure(name('kubectl_before_seconds'), kubectlBefore.seconds.toFixed(2));
  figure(name('kubectl_after_seconds'), kubectlAfter.seconds.toFixed(2));
  figure(name('kubectl_server_side_apply_seconds'), kubectlSeconds.toFixed(2));
  figure(
    name('cold_apply_vs_kubectl_ratio'),
    (coldSeconds / kubectlSeconds).toFixed(2),
  );
  if (rendered) {
    // The chart case's anchor renders every release with helm, then applies as kubectl does.
    figure(name('helm_template_seconds'), rendered.seconds.toFixed(2));
    figure(name('helm_template_cpu_seconds'), rendered.cpu.toFixed(2));
    figure(
      name('cold_apply_vs_helm_template_and_kubectl_ratio'),
      (coldSeconds / (rendered.seconds + kubectlSeconds)).toFixed(2),
    );
  }
  // Both share the cores with the API server they wait on.
  figure(name('cold_apply_backend_cpu_seconds'), backendCpu.toFixed(2));
  figure(name('kubectl_cpu_seconds'), kubectlCpu.toFixed(2));
  figure(name('noop_resync_seconds'), resyncSeconds.toFixed(2));
  figure(name('noop_resync_api_writes'), writes);
  figure(name('backend_rss_at_start_mb'), slipway.startedRss);
  figure(name('backend_peak_rss_mb'), slipway.peakRss);
}

async function main() {
  const arg = process.argv.indexOf('--services');
  const sizes = (arg > 0 ? process.argv[arg + 1] : '100,1000')
    .split(',')
    .map(Number);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-'));
  progress('starting a local cluster');
  const cluster = await LocalCluster.start({ nodes: [] });
  const { kubectl } = resolveBinaries();
  const helm = resolveHelm();
  figure('cores', os.cpus().length);
  try {
    for (const count of sizes) {
      await benchmark({ count, cluster, kubectl, work });
      await benchmark({ count, cluster, kubectl, work, helm });
    }
  } finally {
    await cluster.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`[bench] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
