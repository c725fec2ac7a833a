import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '@slipway/local-cluster';

/**
 * Signs in as the new app's guest and opens the Delivery tab of the example
 * Component; waits until it shows the staging row synced at the config
 * repository's commit. Leaves a screenshot at screenshotFile.
 */
export async function expectDeliveryTab(options: {
  baseUrl: string;
  component: string;
  commitMessage: string;
  screenshotFile: string;
}) {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  try {
    // The guest sign-in page comes first; after Enter the app shows the URL asked for.
    await page.goto(
      `${options.baseUrl}/catalog/default/component/${options.component}/delivery`,
    );
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 60_000 });
    await page
      .getByRole('link', { name: 'Delivery', exact: true })
      .waitFor({ timeout: 60_000 });
    // The catalog takes the annotation, Slipway's catalog pass finds the
    // target (every 30 s), and the first reconcile applies the commit.
    await page
      .getByText(options.commitMessage)
      .first()
      .waitFor({ timeout: 180_000 });
    await page.getByText('Synced', { exact: true }).first().waitFor({
      timeout: 60_000,
    });
    await page.screenshot({ path: options.screenshotFile, fullPage: true });
  } catch (error) {
    await page
      .screenshot({ path: options.screenshotFile, fullPage: true })
      .catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
  }
}
