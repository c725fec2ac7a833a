import { APIRequestContext, expect, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The demo the browser tests run against: playwright.config.ts starts it in
// .demo/e2e; SLIPWAY_DEMO_DIR names another one already running (`npm run demo`: .demo).
export const demoDir = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  process.env.SLIPWAY_DEMO_DIR ?? path.join('.demo', 'e2e'),
);
export const demo = () =>
  JSON.parse(fs.readFileSync(path.join(demoDir, 'ready.json'), 'utf8')) as {
    kubeconfig: string;
    configRepo: string;
  };

/** The demo's backend (it serves the app too), for calls the browser does not make through the app. */
export const BACKEND = 'http://localhost:3000';

/** A Backstage token of the demo's guest, for calling the backend directly. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const refresh = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  return (await refresh.json()).backstageIdentity.token;
}

/** Commits a new image tag for a service in staging; with `hooks: false`, no push webhook fires. */
export function commitNewTag(service: string, tag: string, hooks: boolean) {
  const { configRepo } = demo();
  const file = path.join(
    configRepo,
    'clusters',
    'staging',
    service,
    'manifests.yaml',
  );
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/(image: \S+):\S+/, `$1:${tag}`));
  commitAll(`${service} ${tag}`, hooks);
}

/**
 * Writes files into the demo's config repository (null deletes one) and
 * commits them; its hook tells Slipway.
 */
export function commitToConfigRepo(
  files: Record<string, string | null>,
  message: string,
) {
  const { configRepo } = demo();
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(configRepo, file);
    if (content === null) {
      fs.rmSync(full, { force: true });
    } else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
  }
  commitAll(message, true);
}

/** Commits everything changed in the config repository; with `hooks: false`, no push webhook fires. */
function commitAll(message: string, hooks: boolean) {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: demo().configRepo, encoding: 'utf8' });
  git('add', '-A');
  git(
    ...(hooks ? [] : ['-c', 'core.hooksPath=/dev/null']),
    '-c',
    'user.name=Demo Tester',
    '-c',
    'user.email=tester@slipway.local',
    'commit',
    '-q',
    '-m',
    message,
  );
}

// Set SLIPWAY_UPDATE_SCREENSHOTS=1 to refresh the screenshots committed under docs/.
export const screenshot = async (page: Page, name: string) => {
  if (process.env.SLIPWAY_UPDATE_SCREENSHOTS) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({
      path: path.join(__dirname, '..', '..', '..', 'docs', 'screenshots', name),
      fullPage: true,
    });
  }
};

/** Like screenshot, of one element only (a card). */
export const screenshotOf = async (locator: Locator, name: string) => {
  if (process.env.SLIPWAY_UPDATE_SCREENSHOTS) {
    await locator.screenshot({
      path: path.join(__dirname, '..', '..', '..', 'docs', 'screenshots', name),
    });
  }
};

/** Signs in as the demo's guest, who is in the storefront team: owns storefront and checkout, not payments. */
export async function signInAsGuest(page: Page) {
  // Canary runs in the demo send notifications, shown as snackbars in the
  // bottom right corner over whatever button is there; a pointer resting on
  // one (as a click that waits for its target does) keeps it open. Any that
  // shows up is marked as read, which closes it, before the next action.
  const markAsRead = page
    .getByRole('alert')
    .getByRole('button', { name: 'mark as read' });
  await page.addLocatorHandler(
    markAsRead.first(),
    async () => {
      // With several canaries running, several show at once; one may also
      // close by itself between counting and clicking.
      for (let i = 0; i < 10 && (await markAsRead.count()) > 0; i++) {
        await markAsRead
          .first()
          .click({ timeout: 2_000 })
          .catch(() => undefined);
      }
    },
    // A new one may open meanwhile: the handler runs again for it, rather
    // than the action waiting for every notification to be gone.
    { noWaitAfter: true },
  );
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** The phases in which a Canary runs nothing. */
const IDLE_PHASES = ['Initialized', 'Succeeded', 'Failed'];

/** Waits until the service's staging Canary runs nothing (a run another test started ends first); the phase it is idle in. */
export async function untilCanaryIdle(
  request: APIRequestContext,
  service: string,
): Promise<string> {
  const token = await guestToken(request);
  const phase = async () =>
    (
      await (
        await request.get(
          `${BACKEND}/api/slipway/entities/component/default/${service}/canaries`,
          { headers: { authorization: `Bearer ${token}` } },
        )
      ).json()
    ).items.find((c: any) => c.environment === 'staging')?.status?.phase;
  await expect
    .poll(async () => IDLE_PHASES.includes(await phase()), { timeout: 120_000 })
    .toBe(true);
  return phase();
}

/** Promote from staging on a Delivery row, with a reason; tried again while the row is still being drawn. */
export async function promoteFromStaging(
  page: Page,
  row: Locator,
  reason: string,
) {
  await expect(async () => {
    await row.getByRole('button', { name: 'Promote from staging' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill(reason, { timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Promote from staging' }).click();
    await expect(dialog).toBeHidden({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
}
