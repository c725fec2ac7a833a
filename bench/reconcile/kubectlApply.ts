import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { LocalCluster } from '@slipway/local-cluster';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpuSeconds } from '../common/cpuSeconds';
import { progress, until } from '../common/report';

const run = promisify(execFile);

/**
 * `kubectl apply --server-side -R -f dir` into a namespace of its own, then
 * waits until the controllers have seen every Deployment, so whatever runs
 * next starts on a quiet cluster. Returns kubectl's wall and CPU seconds.
 */
export async function kubectlApply(options: {
  cluster: LocalCluster;
  kubectl: string;
  dir: string;
  namespace: string;
}): Promise<{ seconds: number; cpu: number }> {
  const { cluster, namespace } = options;
  const kc = cluster.kubeConfig();
  await kc
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name: namespace } } });
  progress(`kubectl apply --server-side into ${namespace}`);
  const cpuBefore = cpuSeconds('self', 'waited children');
  const started = Date.now();
  await run(
    options.kubectl,
    [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'apply',
      '--server-side',
      '--field-manager=kubectl-bench',
      '-n',
      namespace,
      '-R',
      '-f',
      options.dir,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuSeconds('self', 'waited children') - cpuBefore;
  const apps = kc.makeApiClient(AppsV1Api);
  await until(
    `the controllers to catch up with the Deployments in ${namespace}`,
    async () =>
      (
        await apps.listNamespacedDeployment({ namespace })
      ).items.every(
        d =>
          (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1),
      ),
    30 * 60_000,
  );
  return { seconds, cpu };
}
