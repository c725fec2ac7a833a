import { Browser, chromium, Page } from '@playwright/test';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_LAUNCH_OPTIONS } from '@slipway/local-cluster';
import { figure, percentile, progress, until } from '../common/report';

/**
 * How long the Canary tab takes to show its first meaningful content (the
 * run's phase) after its URL is opened, signed in as the demo's guest, on
 * the demo as `npm run demo` serves it: the backend serving the built app.
 * Warm: the user looked at another service's Canary tab before (the bundle
 * is cached, every API answer is fetched again); cold: nothing cached.
 * Side by side, in the same run, the same for the catalog's own entity page
 * of the same service (the anchor: what Backstage itself takes here).
 *
 * Uses a demo already serving on :3000, or starts one in .demo/bench.
 */
const APP = 'http://localhost:3000';
const RUNS = Number(process.env.SLIPWAY_BENCH_RUNS ?? 7);
const SERVICE = 'checkout';
/** What the returning user looked at before: another service's Canary tab. */
const OTHER_SERVICE = 'payments';
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

/**
 * Seconds from opening `url` until `ready` is on screen, in a fresh browser
 * context signed in as guest: `cold` with nothing cached, `warm` after an
 * earlier visit to another service's Canary tab.
 */
async function firstContent(
  browser: Browser,
  url: string,
  ready: Ready,
  cache: 'cold' | 'warm',
): Promise<number> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  await context.addInitScript(() =>
    window.localStorage.setItem('@backstage/core:SignInPage:provider', 'guest'),
  );
  if (cache === 'warm') {
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
  const seconds = (performance.now() - started) / 1000;
  await context.close();
  return seconds;
}

async function main() {
  const demo = (await answers()) ? undefined : await startDemo();
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const canaryTab: Ready = page =>
      page.getByTestId('canary-phase').first().waitFor({ timeout: 60_000 });
    const entityPage: Ready = page =>
      page
        .getByRole('heading', { name: SERVICE, exact: true })
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
      for (const cache of ['warm', 'cold'] as const) {
        for (const [name, [url, ready]] of Object.entries(pages)) {
          const key = `${name}_${cache}`;
          const value = await firstContent(browser, url, ready, cache);
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
    await browser.close();
    if (demo?.pid) {
      process.kill(-demo.pid, 'SIGTERM');
    }
  }
}

main().catch(error => {
  progress(`failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
