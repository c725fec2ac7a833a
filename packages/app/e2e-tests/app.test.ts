import { expect, Page, test } from '@playwright/test';
import path from 'node:path';

// Set SLIPWAY_UPDATE_SCREENSHOTS=1 to refresh the screenshots committed under docs/.
const screenshot = async (page: Page, name: string) => {
  if (process.env.SLIPWAY_UPDATE_SCREENSHOTS) {
    await page.screenshot({
      path: path.join(__dirname, '..', '..', '..', 'docs', 'screenshots', name),
    });
  }
};

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

test('the catalog lists the example services', async ({ page }) => {
  await signInAsGuest(page);
  // The guest owns storefront and checkout; payments belongs to another team.
  await page.goto('/?filters%5Bkind%5D=component&filters%5Buser%5D=all');
  for (const service of ['storefront', 'checkout', 'payments']) {
    await expect(
      page.getByRole('link', { name: service, exact: true }),
    ).toBeVisible();
  }
  await screenshot(page, 'catalog.png');
});

test("a service's Delivery tab has a row per environment", async ({ page }) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  await expect(
    page.getByRole('heading', { name: 'checkout' }).first(),
  ).toBeVisible();

  await page.getByRole('link', { name: 'Delivery', exact: true }).click();
  const rows = page.getByRole('row').filter({ hasText: 'clusters/' });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('staging');
  await expect(rows.nth(0)).toContainText('clusters/staging/checkout');
  await expect(rows.nth(1)).toContainText('production');
  await screenshot(page, 'delivery-tab.png');
});

test("the Kubernetes tab reads the service's pods from the local cluster", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.getByRole('link', { name: 'checkout', exact: true }).click();
  await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
  await expect(page.getByText('local', { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/2 pods?/).first()).toBeVisible();
  await screenshot(page, 'kubernetes-tab.png');
});
