import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { BACKEND, commitNewTag, demo, guestToken } from './demo';

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

/**
 * Waits until the service's staging target has attempted the config repo's
 * head and is idle: the previous test's push made every target of the
 * repository sync, and a commit made while those runs fetch would ride
 * along with them instead of waiting for a poll.
 */
async function settled(request: APIRequestContext, service: string) {
  const token = await guestToken(request);
  const head = execFileSync('git', ['rev-parse', 'HEAD'], {
    cwd: demo().configRepo,
    encoding: 'utf8',
  }).trim();
  await expect
    .poll(
      async () => {
        const res = await request.get(
          `${BACKEND}/api/slipway/entities/component/default/${service}/delivery`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const staging = (await res.json()).items.find(
          (i: { environment: string }) => i.environment === 'staging',
        );
        return `${staging.lastAttemptedRevision} ${staging.reconciling}`;
      },
      { timeout: 30_000 },
    )
    .toBe(`${head} false`);
}

test('without a webhook, polling brings a commit within one interval', async ({
  request,
}) => {
  await settled(request, 'checkout');
  const tag = `polling-${Date.now()}`;
  commitNewTag('checkout', tag, false);
  const seconds = await secondsUntilImage('checkout', tag, 3 * INTERVAL_MS);
  process.stdout.write(
    `polling: commit in the cluster after ${seconds.toFixed(2)} s (interval ${
      INTERVAL_MS / 1000
    } s)\n`,
  );
  // Runs come early enough that a commit arrives within one interval, whatever the fetch reuse.
  expect(seconds).toBeLessThan(INTERVAL_MS / 1000);
});
