import { expect, test } from '@playwright/test';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { commitToConfigRepo, demo, screenshot, signInAsGuest } from './demo';

/** A Component the guest's team owns, catalogued from the config repository as the demo does. */
const component = (name: string, annotations: Record<string, string>) =>
  `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations)
  .map(([k, v]) => `    ${k}: ${v}`)
  .join('\n')}
spec:
  type: service
  lifecycle: experimental
  owner: storefront-team
`;

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { from: git }\n`;

function cluster() {
  const kc = new KubeConfig();
  kc.loadFromFile(demo().kubeconfig);
  return kc;
}

const deliveryTab = (service: string) =>
  `/catalog/default/component/${service}/delivery`;

/** Names of this run's components: a demo kept between runs still has the last run's. */
const run = Date.now().toString(36);
const hijack = `hijack-${run}`;
const pantry = `pantry-${run}`;

test("a component naming another team's service reconciles nothing, and both Delivery tabs say so", async ({
  page,
}) => {
  test.setTimeout(180_000);
  commitToConfigRepo(
    {
      [`catalog/${hijack}.yaml`]: component(hijack, {
        'slipway.io/environments': 'staging',
        'slipway.io/service': 'payments',
        'slipway.io/path': `clusters/staging/${hijack}`,
      }),
      [`clusters/staging/${hijack}/app.yaml`]: configMap(`${hijack}-settings`),
    },
    `${hijack} claims payments`,
  );
  await signInAsGuest(page);
  await page.goto(deliveryTab(hijack));
  const row = page.getByRole('row').filter({ hasText: 'cluster local' });
  await expect(row).toContainText('Conflict', { timeout: 90_000 });
  await expect(row).toContainText(
    'Not delivered: service "payments" in staging belongs to component:default/payments',
  );
  await expect(row.getByRole('button', { name: 'Sync now' })).toHaveCount(0);
  await screenshot(page, 'delivery-conflict.png');

  await page.goto(deliveryTab('payments'));
  // Rows in promotion order: staging first.
  const staging = page
    .getByRole('row')
    .filter({ hasText: 'cluster local' })
    .nth(0);
  await expect(staging).toContainText(
    `Also claimed by component:default/${hijack}`,
  );
  // payments' own objects are all still there.
  const deployment = await cluster()
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name: 'payments', namespace: 'staging' });
  expect(deployment.metadata?.labels?.['slipway.io/service']).toBe('payments');
  await screenshot(page, 'delivery-contested.png');

  commitToConfigRepo(
    {
      [`catalog/${hijack}.yaml`]: null,
      [`clusters/staging/${hijack}/app.yaml`]: null,
    },
    `${hijack} gone`,
  );
});

test('a prune of most of a service waits on the Delivery tab until an owner confirms it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const names = ['a', 'b', 'c', 'd'].map(n => `${pantry}-${n}`);
  commitToConfigRepo(
    {
      [`catalog/${pantry}.yaml`]: component(pantry, {
        'slipway.io/environments': 'staging',
      }),
      [`clusters/staging/${pantry}/app.yaml`]: names
        .map(configMap)
        .join('---\n'),
    },
    'pantry with four settings',
  );
  const core = cluster().makeApiClient(CoreV1Api);
  const pantryConfigMaps = async () =>
    (
      await core.listNamespacedConfigMap({
        namespace: 'staging',
        labelSelector: `slipway.io/service=${pantry}`,
      })
    ).items
      .map(c => c.metadata?.name)
      .sort();
  await expect.poll(pantryConfigMaps, { timeout: 90_000 }).toEqual(names);

  commitToConfigRepo(
    { [`clusters/staging/${pantry}/app.yaml`]: configMap(names[0]) },
    'pantry keeps one setting',
  );
  await signInAsGuest(page);
  await page.goto(deliveryTab(pantry));
  const row = page.getByRole('row').filter({ hasText: 'cluster local' });
  await expect(row).toContainText(
    '3 of 4 objects left Git and are kept until an owner confirms',
    { timeout: 60_000 },
  );
  await screenshot(page, 'delivery-prune-waiting.png');
  expect(await pantryConfigMaps()).toEqual(names);

  await row.getByRole('button', { name: 'Confirm prune' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    names
      .slice(1)
      .map(n => `ConfigMap staging/${n}`)
      .join(', '),
  );
  await dialog.getByRole('textbox').fill('b, c and d are not used any more');
  await dialog.getByRole('button', { name: 'Confirm prune' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(pantryConfigMaps, { timeout: 30_000 }).toEqual([names[0]]);
  await expect(row).not.toContainText('left Git', { timeout: 30_000 });
});
