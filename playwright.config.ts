import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './tools/local-cluster/src/chromium';

/**
 * Browser tests run Debian's Chromium (never a browser download) against the
 * demo: a local cluster, a local config repo and the example Backstage app.
 * The demo is started here unless one is already serving on :3000.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  globalSetup: './packages/app/e2e-tests/waitForDemo.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  webServer: {
    command:
      'node --require @backstage/cli/config/nodeTransform.cjs tools/demo/src/index.ts',
    url: 'http://localhost:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: {
      SLIPWAY_DEMO_DIR: '.demo/e2e',
      SLIPWAY_DEMO_LOG: '.demo/e2e-backstage.log',
    },
  },
  use: {
    baseURL: 'http://localhost:3000',
    viewport: { width: 1440, height: 900 },
    channel: undefined,
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
});
