import { expect, test } from '@playwright/test';
import {
  BACKEND,
  commitToConfigRepo,
  guestToken,
  screenshot,
  signInAsGuest,
} from './demo';

test('Freeze now: the banner names who froze production and until when, a commit waits, and Unfreeze applies it', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  // A freeze an earlier run of this test left on a kept demo is lifted first (409: none).
  await request.post(
    `${BACKEND}/api/slipway/entities/component/default/storefront/environments/production/unfreeze`,
    {
      headers: { authorization: `Bearer ${await guestToken(request)}` },
      data: {},
    },
  );
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/storefront/delivery');
  const production = page
    .getByRole('row')
    .filter({ hasText: 'Promote from staging' })
    .first();
  await expect(production).toContainText('Synced', { timeout: 60_000 });

  await production.getByRole('button', { name: 'Freeze now' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByRole('radio', { name: '4 hours', exact: true })
    .check({ force: true });
  await dialog.getByRole('textbox').fill('browser test: release day');
  await dialog.getByRole('button', { name: 'Freeze now' }).click();
  const banner = page
    .getByRole('status')
    .filter({ hasText: 'production is frozen until' });
  await expect(banner).toContainText(
    /production is frozen until .+ by user:default\/guest: browser test: release day/,
  );

  const note = `frozen-${Date.now()}`;
  commitToConfigRepo(
    {
      'clusters/production/storefront/release-note.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: storefront-release-note
  namespace: production
data:
  note: ${note}
`,
    },
    `storefront release note ${note}`,
  );
  await expect(banner).toContainText(
    new RegExp(
      `Waiting: [0-9a-f]{7} "storefront release note ${note}" by Demo Tester`,
    ),
    { timeout: 60_000 },
  );
  await expect(production).toContainText('Frozen');
  await expect(
    production.getByRole('button', { name: 'Break glass' }),
  ).toBeVisible();
  await screenshot(page, 'delivery-frozen.png');

  await production.getByRole('button', { name: 'Unfreeze' }).click();
  await dialog.getByRole('button', { name: 'Unfreeze' }).click();
  await expect(banner).toHaveCount(0, { timeout: 30_000 });
  await expect(production).toContainText(`storefront release note ${note}`, {
    timeout: 60_000,
  });
  await expect(production).toContainText('Synced', { timeout: 60_000 });
});
