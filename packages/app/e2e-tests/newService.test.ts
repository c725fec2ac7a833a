import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { demo, promoteFromStaging, signInAsGuest } from './demo';

const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: demo().configRepo,
    encoding: 'utf8',
  }).trim();

/** The Deployment's image in a namespace of the demo cluster, through kubectl's API with the demo's kubeconfig. */
async function imageIn(namespace: string, name: string) {
  const { KubeConfig, AppsV1Api } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  kc.loadFromFile(demo().kubeconfig);
  const deployment = await kc
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name, namespace })
    .catch(() => undefined);
  return deployment?.spec?.template?.spec?.containers[0].image;
}

/** What differs between the template's layouts: the files an environment has, and where its tag is. */
const LAYOUTS = [
  {
    layout: 'kustomize',
    option: /kustomize: a base and an overlay/,
    files: (name: string) => [`clusters/production/${name}/kustomization.yaml`],
    tagFile: 'kustomization.yaml',
    tag: (version: string) => `newTag: ${version}`,
  },
  {
    layout: 'Helm chart',
    option: /Helm chart: a chart and a release/,
    files: (name: string) => [
      `charts/${name}/Chart.yaml`,
      `charts/${name}/templates/canary.yaml`,
      `charts/${name}/templates/deployment.yaml`,
      `charts/${name}/templates/service.yaml`,
      `charts/${name}/values.yaml`,
      `clusters/production/${name}/slipway-chart.yaml`,
      `clusters/production/${name}/values.yaml`,
    ],
    tagFile: 'values.yaml',
    tag: (version: string) => `tag: ${version}`,
  },
];

for (const { layout, option, files, tagFile, tag } of LAYOUTS) {
  test(`a service made with the GitOps template (${layout} layout) gets Delivery and Canary tabs, and Promote moves it to production through Git`, async ({
    page,
  }) => {
    test.setTimeout(420_000);
    const name = `orders-${Date.now().toString(36)}`;
    const image = `ghcr.io/slipway-demo/${name}`;
    await signInAsGuest(page);

    // The template, run from the browser.
    await page.goto('/create/templates/default/gitops-service');
    await page.getByLabel('Name').first().fill(name);
    await page
      .getByLabel('Description')
      .fill('Takes orders; made by the browser test');
    const owner = page.getByLabel('Owner');
    await owner.fill('storefront-team');
    await page
      .getByRole('option', { name: /storefront-team/ })
      .first()
      .click();
    await page.getByLabel('First image').fill(`${image}:1.0.0`);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Layout in the config repository').click();
    await page.getByRole('option', { name: option }).click();
    await page.getByLabel('Canary analysis').click();
    await page
      .getByRole('option', { name: /None: the steps alone decide/ })
      .click();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText(`slipway/add-${name}`).first()).toBeVisible({
      timeout: 60_000,
    });

    // A reviewer merges the proposal in the config repository.
    git(
      '-c',
      'user.name=Reviewer',
      '-c',
      'user.email=reviewer@slipway.local',
      'merge',
      '--quiet',
      '--ff-only',
      `slipway/add-${name}`,
    );
    expect(
      git(
        'ls-files',
        `catalog/${name}.yaml`,
        `charts/${name}`,
        `clusters/production/${name}`,
      ),
    ).toBe([`catalog/${name}.yaml`, ...files(name)].join('\n'));

    // The catalog lists it, and its Delivery tab shows both environments deployed.
    await expect(async () => {
      await page.goto(`/catalog/default/component/${name}/delivery`);
      await expect(
        page.getByRole('row').filter({ hasText: 'cluster local' }),
      ).toHaveCount(2, { timeout: 5_000 });
    }).toPass({ timeout: 90_000 });
    const rows = page.getByRole('row').filter({ hasText: 'cluster local' });
    for (const row of [rows.nth(0), rows.nth(1)]) {
      await expect(row).toContainText('Synced', { timeout: 60_000 });
      if (tagFile === 'values.yaml') {
        await expect(row).toContainText(`chart ${name} 0.1.0`);
      }
    }
    await page.getByRole('link', { name: 'Canary', exact: true }).click();
    await expect(page.getByTestId('canary-phase')).toHaveCount(2, {
      timeout: 60_000,
    });
    // Both Canaries take 1.0.0 as their primary before a new version can run as a canary.
    for (const phase of await page.getByTestId('canary-phase').all()) {
      await expect(phase).toContainText('Initialized', { timeout: 60_000 });
    }
    await expect(page.getByTestId('canary-phase')).toHaveCount(2);

    // A new version in staging: its canary runs through the steps and finishes.
    const overlay = path.join(
      demo().configRepo,
      'clusters',
      'staging',
      name,
      tagFile,
    );
    const before110 = fs.readFileSync(overlay, 'utf8');
    const first = new RegExp(tag('"?1\\.0\\.0"?'));
    expect(before110).toMatch(first);
    fs.writeFileSync(overlay, before110.replace(first, tag('1.1.0')));
    git('add', '-A');
    git(
      '-c',
      'user.name=CI',
      '-c',
      'user.email=ci@slipway.local',
      'commit',
      '-q',
      '-m',
      `${name} 1.1.0 to staging`,
    );
    await expect(page.getByText(`${name}:1.1.0`).first()).toBeVisible({
      timeout: 60_000,
    });
    // The staging Canary is listed first, in promotion order.
    await expect(page.getByTestId('canary-phase').first()).toContainText(
      'Succeeded',
      {
        timeout: 150_000,
      },
    );

    // Promote from staging on the production row: a commit the reconciler applies to production.
    const before = git('rev-parse', 'HEAD');
    await page.getByRole('link', { name: 'Delivery', exact: true }).click();
    const production = page
      .getByRole('row')
      .filter({ hasText: 'cluster local' })
      .nth(1);
    await expect(production).toContainText('production');
    await promoteFromStaging(
      page,
      production,
      'browser test: 1.1.0 finished its canary in staging',
    );
    await expect(
      page.getByText(/Committed [0-9a-f]{12} to production/),
    ).toBeVisible();
    expect(git('rev-parse', 'HEAD^')).toBe(before);
    expect(git('log', '-1', '--format=%s')).toBe(
      `Promote ${name} to production: ${name}:1.0.0 → ${name}:1.1.0`,
    );
    await expect
      .poll(() => imageIn('production', name), { timeout: 60_000 })
      .toBe(`${image}:1.1.0`);
  });
}
