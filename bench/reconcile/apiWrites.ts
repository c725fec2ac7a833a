import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';

const WRITE_VERBS = new Set(['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE']);
const BENCH_RESOURCES = new Set([
  'serviceaccounts',
  'configmaps',
  'ingresses',
  'services',
  'deployments',
]);

/**
 * Writes the API server has served to the benchmark's resources (not dry
 * runs, not status subresources, which controllers write), from its own
 * `apiserver_request_total` counter.
 */
export async function apiWrites(kc: KubeConfig): Promise<number> {
  const url = new URL('/metrics', kc.getCurrentCluster()!.server);
  const options: https.RequestOptions = {
    hostname: url.hostname,
    port: url.port,
    path: url.pathname,
  };
  await kc.applyToHTTPSOptions(options);
  const text = await new Promise<string>((resolve, reject) => {
    https
      .get(options, res => {
        let body = '';
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) {
      continue;
    }
    const labels = Object.fromEntries(
      [...line.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]),
    );
    if (
      WRITE_VERBS.has(labels.verb) &&
      BENCH_RESOURCES.has(labels.resource) &&
      !labels.subresource &&
      !labels.dry_run
    ) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}
