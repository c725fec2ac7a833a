import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  commitToConfigRepo,
  demo,
  promoteFromStaging,
  screenshot,
  signInAsGuest,
  untilCanaryIdle,
} from './demo';

test('the chart service’s Delivery tab names the chart and version each environment runs; a tag set in staging’s values goes through its canary and is promoted into production’s values', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/ledger/delivery');
  // Staging's row comes first; production's offers Promote from staging.
  const rows = page.getByRole('row').filter({ hasText: 'cluster local' });
  const row = (environment: string) =>
    environment === 'staging'
      ? rows.first()
      : rows.filter({ hasText: 'Promote from staging' }).first();
  for (const environment of ['staging', 'production']) {
    await expect(row(environment)).toContainText('chart ledger 1.0.0', {
      timeout: 60_000,
    });
    await expect(row(environment)).toContainText('Synced');
  }
  await expect(row('staging').getByText('chart ledger 1.0.0')).toHaveAttribute(
    'title',
    /^oci:\/\/127\.0\.0\.1:\d+\/slipway-demo\/charts\/ledger$/,
  );
  await screenshot(page, 'delivery-chart.png');

  // The chart's own Canary (canary.enabled in staging's values) governs staging.
  await page.getByRole('link', { name: 'Canary', exact: true }).click();
  await expect(page.getByText(/ledger/).first()).toBeVisible();
  await expect(page.getByText(/Initialized|Succeeded/).first()).toBeVisible({
    timeout: 60_000,
  });

  // A new tag in staging's values: the chart's Canary releases it.
  await untilCanaryIdle(request, 'ledger');
  const tag = `1.1.${Date.now() % 1_000_000}`;
  const { configRepo } = demo();
  commitToConfigRepo(
    {
      'clusters/staging/ledger/values.yaml': `# staging releases new versions as canaries\ncanary:\n  enabled: true\nimage:\n  tag: "${tag}"\n`,
    },
    `ledger ${tag} in staging`,
  );
  await expect(page.getByText(`ledger:${tag}`).first()).toBeVisible({
    timeout: 60_000,
  });
  // The run of that tag ended, and it passed.
  expect(await untilCanaryIdle(request, 'ledger')).toBe('Succeeded');

  // Its release, opened on the Releases tab, names the chart and the values change.
  await page.getByRole('link', { name: 'Releases', exact: true }).click();
  const release = page
    .getByRole('row')
    .filter({ hasText: `ledger ${tag} in staging` })
    .first();
  await release.getByRole('button').first().click();
  const values = page.getByLabel('Chart values');
  await expect(values).toContainText('Chart ledger 1.0.0', {
    timeout: 30_000,
  });
  // The first tag staging's values set is a new `image` there; a later one changes `image.tag`.
  await expect(values).toContainText(/Values:\s*image/);
  await expect(values).toContainText(tag);
  await screenshot(page, 'release-chart-values.png');

  // Promote from staging writes the tag into production's values file.
  await page.getByRole('link', { name: 'Delivery', exact: true }).click();
  await promoteFromStaging(
    page,
    row('production'),
    `browser test: ledger ${tag} passed its canary`,
  );
  await expect(
    page.getByText(/Committed [0-9a-f]{12} to production/),
  ).toBeVisible();
  expect(
    execFileSync(
      'git',
      ['show', 'HEAD:clusters/production/ledger/values.yaml'],
      {
        cwd: configRepo,
        encoding: 'utf8',
      },
    ),
  ).toMatch(
    new RegExp(`\\nimage:\\n {2}tag: "?${tag.replace(/\./g, '\\.')}"?\\n`),
  );
});
