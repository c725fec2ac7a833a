import { expect, test } from '@playwright/test';
import { screenshot, signInAsGuest } from './demo';

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
