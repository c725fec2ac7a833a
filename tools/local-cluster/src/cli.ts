import { LocalCluster } from './localCluster';
import fs from 'node:fs/promises';

/**
 * Starts a cluster and keeps it up until SIGINT or SIGTERM; writes the
 * kubeconfig path to the file given as the first argument once ready.
 * The test runner uses it to share one cluster across test files.
 */
async function main() {
  const readyFile = process.argv[2];
  const cluster = await LocalCluster.start({
    log: message => console.log(`[local-cluster] ${message}`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    if (readyFile) await fs.rm(readyFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`[local-cluster] kubeconfig: ${cluster.kubeconfigPath}`);
  if (readyFile) await fs.writeFile(readyFile, cluster.kubeconfigPath);
}

main().catch(error => {
  console.error(
    `[local-cluster] ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
