import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { demoDir, signInAsGuest } from './demo';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

test('pushing an image tag with the documented command releases it: an automation commit, then the canary run', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A patch number above every earlier run's, so the policy (semver ^0.9.0) takes it as the newest.
  const tag = `0.9.${Math.floor(Date.now() / 1000)}`;
  const output = execFileSync(
    'bash',
    ['scripts/demo-push-image.sh', 'payments', tag],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, SLIPWAY_DEMO_DIR: demoDir },
    },
  );
  expect(output).toContain(
    `Pushed 127.0.0.1:5050/slipway-demo/payments:${tag}`,
  );

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments/delivery');
  const staging = page
    .getByRole('row')
    .filter({ hasText: 'cluster local' })
    .first();
  await expect(staging).toContainText(`newest payments:${tag}`, {
    timeout: 30_000,
  });
  await expect(staging).toContainText('staging');
  // The automation commit, also the revision staging applied.
  await expect(staging).toContainText(
    `Update payments in staging: 127.0.0.1:5050/slipway-demo/payments:`,
  );
  await expect(staging).toContainText(/committed [0-9a-f]{7} · \d+ s ago/);
  await expect(staging).toContainText('semver ^0.9.0');

  await page.getByRole('link', { name: 'Canary', exact: true }).click();
  // Scoped to the card: while the tab loads, the Delivery tab stays in the
  // page, hidden, and its automation commit names the tag too.
  const canary = page.getByLabel('Canary payments in staging');
  await expect(canary).toContainText(`payments:${tag}`, { timeout: 60_000 });
  await expect(canary.getByTestId('canary-phase')).toHaveText(
    /Progressing|Promoting|Finalising|Succeeded/,
    { timeout: 60_000 },
  );
  await page.goto('/catalog/default/component/payments/delivery');
  await expect(staging).toContainText(`deployed payments:${tag}`, {
    timeout: 60_000,
  });
});
