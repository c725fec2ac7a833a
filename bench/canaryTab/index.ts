import { BrowserContext, chromium, Page } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_LAUNCH_OPTIONS } from '@slipway/local-cluster';
import { figure, percentile, progress, until } from '../common/report';

/**
 * How long the Canary tab takes to show its first meaningful content (the
 * run's phase) after its URL is opened, signed in as the demo's guest, on
 * the demo as `npm run demo` serves it: the backend serving the built app.
 * Each measurement is a browser with its own profile on disk, as a user's
 * is: warm, the user opened another service's Canary tab twice before (the
 * bundle is in the disk cache and, from the second visit on, Chrome keeps
 * V8's compiled code with it; every API answer is fetched again); cold, a
 * new profile. A private window (nothing kept on disk) is measured warm
 * too: it is what the figures before were, and it shows what code caching
 * is worth. Side by side, in the same run, the same for the catalog's own
 * entity page of the same service showing its owner (the anchor: what
 * Backstage itself takes here to show an entity's data).
 *
 * Uses a demo already serving on :3000, or starts one in .demo/bench.
 */
const APP = 'http://localhost:3000';
const RUNS = Number(process.env.SLIPWAY_BENCH_RUNS ?? 7);
const SERVICE = 'checkout';
/** Its owner in catalog-info.yaml. */
const SERVICE_OWNER = 'storefront-team';
/** What the returning user looked at before: another service's Canary tab. */
const OTHER_SERVICE = 'payments';
/** Chrome keeps a script's compiled code from its second load on. */
const EARLIER_VISITS = 2;
const VIEWPORT = { width: 1440, height: 900 };
const repoRoot = path.resolve(__dirname, '../..');

const answers = () =>
  fetch(APP).then(
    r => r.ok,
    () => false,
  );

async function startDemo(): Promise<ChildProcess> {
  const dir = path.join(repoRoot, '.demo/bench');
  fs.rmSync(path.join(dir, 'ready.json'), { force: true });
  progress('starting the demo in .demo/bench (a few minutes)');
  const demo = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'tools/demo/src/index.ts',
    ],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        SLIPWAY_DEMO_DIR: dir,
        SLIPWAY_DEMO_LOG: path.join(repoRoot, '.demo/bench-backstage.log'),
      },
    },
  );
  await until(
    'the demo to be ready',
    async () => fs.existsSync(path.join(dir, 'ready.json')),
    15 * 60_000,
  );
  return demo;
}

type Ready = (page: Page) => Promise<void>;
type Cache = 'warm' | 'cold' | 'private_warm';

/** A browser as the user has it: a profile on disk, or a private window. */
async function openBrowser(
  cache: Cache,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (cache === 'private_warm') {
    const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
    const context = await browser.newContext({ viewport: VIEWPORT });
    return { context, close: () => browser.close() };
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM_LAUNCH_OPTIONS,
    viewport: VIEWPORT,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Seconds from opening `url` until `ready` is on screen, signed in as guest. */
async function firstContent(
  url: string,
  ready: Ready,
  cache: Cache,
): Promise<number> {
  const { context, close } = await openBrowser(cache);
  try {
    await context.addInitScript(() =>
      window.localStorage.setItem(
        '@backstage/core:SignInPage:provider',
        'guest',
      ),
    );
    const visits = cache === 'cold' ? 0 : EARLIER_VISITS;
    for (let visit = 0; visit < visits; visit++) {
      const earlier = await context.newPage();
      await earlier.goto(
        `${APP}/catalog/default/component/${OTHER_SERVICE}/canary`,
      );
      await earlier
        .getByTestId('canary-phase')
        .first()
        .waitFor({ timeout: 60_000 });
      await earlier.close();
    }
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url);
    await ready(page);
    return (performance.now() - started) / 1000;
  } finally {
    await close();
  }
}

async function main() {
  const demo = (await answers()) ? undefined : await startDemo();
  try {
    const canaryTab: Ready = page =>
      page.getByTestId('canary-phase').first().waitFor({ timeout: 60_000 });
    // The header's title comes from the URL; its owner is the first thing read from the catalog.
    const entityPage: Ready = page =>
      page
        .getByText(SERVICE_OWNER, { exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
    const pages = {
      canary_tab: [
        `${APP}/catalog/default/component/${SERVICE}/canary`,
        canaryTab,
      ],
      anchor_entity_page: [
        `${APP}/catalog/default/component/${SERVICE}`,
        entityPage,
      ],
    } as const;
    const seconds: Record<string, number[]> = {};
    for (let run = 0; run < RUNS; run++) {
      const line: string[] = [];
      for (const cache of ['warm', 'cold', 'private_warm'] as const) {
        for (const [name, [url, ready]] of Object.entries(pages)) {
          const key = `${name}_${cache}`;
          const value = await firstContent(url, ready, cache);
          (seconds[key] ??= []).push(value);
          line.push(`${key} ${value.toFixed(2)} s`);
        }
      }
      progress(`run ${run + 1}/${RUNS}: ${line.join(', ')}`);
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    for (const [key, values] of Object.entries(seconds)) {
      figure(
        `${key}_first_content_median_s`,
        percentile(sorted(values), 0.5).toFixed(2),
      );
      figure(`${key}_first_content_max_s`, Math.max(...values).toFixed(2));
    }
    figure('runs', RUNS);
  } finally {
    if (demo?.pid) {
      process.kill(-demo.pid, 'SIGTERM');
    }
  }
}

main().catch(error => {
  progress(`failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
