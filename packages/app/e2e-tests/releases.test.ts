import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  BACKEND,
  commitNewTag,
  demo,
  guestToken,
  screenshot,
  signInAsGuest,
  untilCanaryIdle,
} from './demo';

test('a broken version fails its canary: the Delivery tab says RolledBack, Slipway reverts it in Git, and Releases lists all three', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const token = await guestToken(request);
  const checkoutCanary = async () =>
    (
      await (
        await request.get(
          `${BACKEND}/api/slipway/entities/component/default/checkout/canaries`,
          { headers: { authorization: `Bearer ${token}` } },
        )
      ).json()
    ).items.find((c: any) => c.environment === 'staging');
  // A run another test started ends first: this one's version starts its own.
  await untilCanaryIdle(request, 'checkout');

  // A version that passes first: the broken one's revert goes back to it.
  const good = `good-${Date.now()}`;
  commitNewTag('checkout', good, true);
  await expect
    .poll(
      async () => {
        const canary = await checkoutCanary();
        return `${canary?.status?.phase} ${canary?.status?.canaryImages}`;
      },
      { timeout: 150_000 },
    )
    .toMatch(new RegExp(`^Succeeded .*checkout:${good}`));

  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout/delivery');
  // Rows in promotion order (production's row names staging too, on its Promote button).
  const staging = page
    .getByRole('row')
    .filter({ hasText: 'cluster local' })
    .first();
  await expect(staging).toContainText('Synced');

  const tag = `broken-${Date.now()}`;
  commitNewTag('checkout', tag, true);
  await expect(staging).toContainText('RolledBack', { timeout: 120_000 });
  // Git has the broken tag until Slipway's revert is applied, then says what serves again.
  await expect(staging).toContainText(
    new RegExp(
      `Rolled back: Git has checkout:${tag}, serving checkout:\\S+|Rolled back, and reverted in [0-9a-f]{7}: serving checkout:\\S+`,
    ),
  );
  await screenshot(page, 'delivery-rolled-back.png');

  const lastCommit = () =>
    execFileSync('git', ['log', '-1', '--format=%an: %s'], {
      cwd: demo().configRepo,
      encoding: 'utf8',
    }).trim();
  await expect
    .poll(lastCommit, { timeout: 60_000 })
    .toMatch(
      /^Slipway: Revert checkout in staging to [0-9a-f]{12}: its canary failed$/,
    );
  await expect(staging).toContainText('Synced', { timeout: 90_000 });
  await expect(staging).toContainText('Revert checkout in staging');

  await page.getByRole('link', { name: 'Releases', exact: true }).click();
  const rows = page.getByRole('row').filter({ hasText: 'staging' });
  await expect(rows.nth(0)).toContainText('Revert checkout in staging', {
    timeout: 30_000,
  });
  await expect(rows.nth(0)).toContainText('Released');
  await expect(rows.nth(1)).toContainText(`checkout:${tag}`);
  await expect(rows.nth(1)).toContainText('Failed');
  await expect(rows.nth(1)).toContainText(/rolled back: \d+ failed checks/);
  await expect(rows.nth(2)).toContainText(/Succeeded|Released/);
  await screenshot(page, 'releases-tab.png');

  // Opened, the failed release shows what it changed in the rendered objects.
  await rows.nth(1).getByRole('button').first().click();
  const changes = page.getByLabel(/^Changes of [0-9a-f]{7}$/);
  await expect(changes).toContainText(
    'spec.template.spec.containers[0].image',
    { timeout: 30_000 },
  );
  await expect(changes).toContainText(`checkout:${tag}"`);
  await expect(changes).toContainText(/the release before it in staging/);
  await screenshot(page, 'release-diff.png');
});

test('Roll back from the Delivery tab: an earlier release, its diff, a reason, and the commit', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout/delivery');
  const staging = page
    .getByRole('row')
    .filter({ hasText: 'cluster local' })
    .first();
  await staging.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog');
  // The newest release (the revert) and the failed one are not offered.
  const choices = dialog.getByRole('radio');
  await expect(choices.first()).toBeVisible();
  await expect(dialog).not.toContainText('broken-');
  const labels = await dialog.locator('label').allTextContents();
  const older = labels.findIndex(l => !/checkout:good-/.test(l));
  expect(older).toBeGreaterThan(-1);
  await choices.nth(older).check({ force: true });
  await expect(
    dialog.getByLabel(/^Change to clusters\/staging\/checkout\//).first(),
  ).toContainText(/- .*image: .*checkout:good-/);
  await screenshot(page, 'rollback-dialog.png');
  await dialog
    .getByRole('textbox')
    .fill('browser test: back to the earlier release');
  await dialog.getByRole('button', { name: 'Roll back' }).click();
  await expect(
    page.getByText(/^Committed [0-9a-f]{12}: staging rolls back to/),
  ).toBeVisible();
  expect(
    execFileSync('git', ['log', '-1', '--format=%an: %B'], {
      cwd: demo().configRepo,
      encoding: 'utf8',
    }),
  ).toMatch(
    /^Slipway: Roll back checkout in staging to [0-9a-f]{12}\n\nbrowser test: back to the earlier release\n\nRequested by user:default\/guest\./,
  );
  await expect(staging).toContainText('Roll back checkout in staging', {
    timeout: 30_000,
  });
});
