import { expect, Page, test } from '@playwright/test';
import path from 'node:path';

// Set SLIPWAY_UPDATE_SCREENSHOTS=1 to refresh the screenshots committed under docs/.
const screenshot = async (page: Page, name: string) => {
  if (process.env.SLIPWAY_UPDATE_SCREENSHOTS) {
    await page.screenshot({
      path: path.join(__dirname, '..', '..', '..', 'docs', 'screenshots', name),
      fullPage: true,
    });
  }
};

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).toBeVisible();
}

test('the catalog lists the example services', async ({ page }) => {
  await signInAsGuest(page);
  for (const service of ['storefront', 'checkout', 'payments']) {
    await expect(page.getByRole('link', { name: service, exact: true })).toBeVisible();
  }
  await screenshot(page, 'catalog.png');
});

test("a service's Delivery tab has a row per environment", async ({ page }) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'checkout' }).first()).toBeVisible();

  await page.getByRole('tab', { name: 'Delivery' }).click();
  const rows = page.getByRole('row').filter({ hasText: 'clusters/' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('staging');
  await expect(rows.nth(0)).toContainText('clusters/staging/checkout');
  await expect(rows.nth(1)).toContainText('production');
  await screenshot(page, 'delivery-tab.png');
});
