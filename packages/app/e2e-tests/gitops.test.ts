import { expect, test } from '@playwright/test';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { commitNewTag, demo } from './demo';

/** The demo's polling interval (tools/demo/src/appConfig.ts). */
const INTERVAL_MS = 10_000;

async function secondsUntilImage(
  service: string,
  tag: string,
  limitMs: number,
) {
  const kc = new KubeConfig();
  kc.loadFromFile(demo().kubeconfig);
  const apps = kc.makeApiClient(AppsV1Api);
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const deployment = await apps.readNamespacedDeployment({
      name: service,
      namespace: 'staging',
    });
    if (
      deployment.spec?.template.spec?.containers[0].image?.endsWith(`:${tag}`)
    ) {
      return (Date.now() - started) / 1000;
    }
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(
    `${service} did not get tag ${tag} within ${limitMs / 1000} s`,
  );
}

test('a commit to the config repo reaches the cluster within 5 s through the push webhook', async () => {
  const tag = `webhook-${Date.now()}`;
  commitNewTag('storefront', tag, true);
  const seconds = await secondsUntilImage('storefront', tag, 20_000);
  process.stdout.write(
    `webhook: commit in the cluster after ${seconds.toFixed(2)} s\n`,
  );
  expect(seconds).toBeLessThan(5);
});

test('without a webhook, polling brings a commit within one interval', async () => {
  const tag = `polling-${Date.now()}`;
  commitNewTag('checkout', tag, false);
  const seconds = await secondsUntilImage('checkout', tag, 3 * INTERVAL_MS);
  process.stdout.write(
    `polling: commit in the cluster after ${seconds.toFixed(2)} s (interval ${
      INTERVAL_MS / 1000
    } s)\n`,
  );
  // One interval, plus its ±20 % jitter and the 2.5 s a fetch may be reused.
  expect(seconds).toBeLessThan((INTERVAL_MS * 1.2 + 2_500) / 1000);
});
