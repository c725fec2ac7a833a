import { expect, test } from '@playwright/test';
import { screenshot, screenshotOf, signInAsGuest } from './demo';

test('the DORA card shows each environment’s figures, and the Delivery performance page lists every service', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout');
  const staging = page.getByRole('region', {
    name: 'DORA figures in staging',
  });
  await expect(staging).toContainText('Deployment frequency', {
    timeout: 30_000,
  });
  await expect(staging).toContainText(/\d+ releases?/);
  await expect(staging).toContainText(/Change failure rate(\d+ %|—)/);
  await screenshotOf(
    page.getByLabel('Delivery performance', { exact: true }),
    'dora-card.png',
  );

  await page.goto('/slipway/dora');
  await expect(
    page.getByRole('heading', { name: 'Delivery performance' }),
  ).toBeVisible();
  const rows = page.getByRole('row');
  for (const service of ['storefront', 'checkout', 'payments']) {
    await expect(
      rows
        .filter({ has: page.getByRole('link', { name: service, exact: true }) })
        .first(),
    ).toContainText(/staging|production/);
  }
  await screenshot(page, 'dora-page.png');
});
