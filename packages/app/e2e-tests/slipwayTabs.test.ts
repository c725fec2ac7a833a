import { expect, Page, test } from '@playwright/test';
import {
  BACKEND,
  commitNewTag,
  guestToken,
  screenshot,
  signInAsGuest,
  untilCanaryIdle,
} from './demo';

const canaryTab = (service: string) =>
  `/catalog/default/component/${service}/canary`;

const weightOf = async (page: Page) =>
  Number(await page.getByTestId('canary-weight').first().textContent());

test("a service's Delivery tab has a row per environment", async ({ page }) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  // The overview card: each environment's revision and health.
  for (const environment of ['staging', 'production']) {
    await expect(page.getByLabel(`Environment ${environment}`)).toContainText(
      'Healthy',
    );
  }
  await page.getByRole('link', { name: 'Delivery', exact: true }).click();
  const rows = page.getByRole('row').filter({ hasText: 'cluster local' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('staging');
  await expect(rows.nth(1)).toContainText('production');
  for (const row of [rows.nth(0), rows.nth(1)]) {
    await expect(row).toContainText('Synced');
    await expect(row).toContainText('Healthy');
    await expect(row.getByRole('button', { name: 'Sync now' })).toBeEnabled();
  }
  await rows.nth(0).getByRole('button').first().click();
  await expect(page.getByText('Objects in staging')).toBeVisible();
  await expect(page.getByText('Reconcile history')).toBeVisible();
  await screenshot(page, 'delivery-tab.png');
});

test('a canary started in the demo advances live, and Promote finishes it', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  // A run another test started (a rollback's) ends first: a waiting Canary is what is measured.
  await untilCanaryIdle(request, 'checkout');
  await signInAsGuest(page);
  // Live through Backstage signals (a WebSocket), not by polling every 2 s.
  const sockets: string[] = [];
  page.on('websocket', ws => sockets.push(ws.url()));
  let reads = 0;
  page.on('request', r => {
    if (r.url().endsWith('/checkout/canaries')) reads++;
  });
  // Opened by its URL and by its tab (bench/canaryTab measures how fast).
  await page.goto(canaryTab('checkout'));
  await expect(page.getByTestId('canary-phase')).toBeVisible();
  const readsBefore = reads;
  await page.waitForTimeout(6_000);
  expect(sockets.some(url => url.includes('/api/signals'))).toBe(true);
  // A waiting Canary changes little: at most a read per signal, where polling made three.
  expect(reads - readsBefore).toBeLessThan(3);
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('link', { name: 'Canary', exact: true }).click();
  await expect(page.getByTestId('canary-phase')).toBeVisible();
  // Marks this document: a reload would lose it.
  await page.evaluate(() => ((window as any).slipwayNoReload = true));

  const tag = `canary-${Date.now()}`;
  commitNewTag('checkout', tag, true);
  await expect(page.getByText(`checkout:${tag}`).first()).toBeVisible({
    timeout: 60_000,
  });
  await expect
    .poll(() => weightOf(page), { timeout: 60_000 })
    .toBeGreaterThan(0);
  const first = await weightOf(page);
  await expect
    .poll(() => weightOf(page), { timeout: 30_000, intervals: [250] })
    .toBeGreaterThan(first);
  expect(await page.evaluate(() => (window as any).slipwayNoReload)).toBe(true);
  await screenshot(page, 'canary-tab.png');

  const actions = page.getByLabel('Canary actions');
  await actions.getByRole('button', { name: 'Promote' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill('browser test: metrics look good');
  await dialog.getByRole('button', { name: 'Promote' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('canary-phase')).toContainText('Succeeded', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('canary-weight')).toHaveText('0');
  await expect(
    page.getByRole('row').filter({ hasText: tag }).first(),
  ).toContainText('Succeeded');
});

test('someone who does not own a service sees its buttons disabled, and the API refuses them', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto(canaryTab('payments'));
  const actions = page.getByLabel('Canary actions');
  await expect(actions.getByRole('button', { name: 'Pause' })).toBeDisabled();
  for (const label of ['Promote', 'Abort', 'Retry']) {
    await expect(actions.getByRole('button', { name: label })).toBeDisabled();
  }
  await expect(page.getByRole('note').first()).toContainText(
    'You may not slipway.canary.control on component:default/payments: by default only its owners (group:default/payments-team) may.',
  );
  await page.getByRole('link', { name: 'Delivery', exact: true }).click();
  await expect(
    page.getByRole('button', { name: 'Sync now' }).first(),
  ).toBeDisabled();

  const token = await guestToken(page.request);
  const post = await page.request.post(
    `${BACKEND}/api/slipway/entities/component/default/payments/environments/staging/canaries/payments/pause`,
    {
      headers: { authorization: `Bearer ${token}` },
      data: { reason: 'not mine' },
    },
  );
  expect(post.status()).toBe(403);
});
