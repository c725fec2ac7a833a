import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the frontend bundle is built from: a newer file here means a stale bundle. */
const BUNDLE_SOURCES = [
  'packages/app/src',
  'packages/app/public',
  'packages/app/package.json',
  // app.packages decides which plugins the bundle discovers.
  'app-config.yaml',
  'plugins/slipway/src',
  'plugins/slipway-common/src',
  'plugins/slipway-model/src',
  'yarn.lock',
];

function newestChange(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) {
    return 0;
  }
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(
    stat.mtimeMs,
    ...fs.readdirSync(entry).map(name => newestChange(path.join(entry, name))),
  );
}

/**
 * The example app's production bundle (packages/app/dist), which the
 * backend serves as a production Backstage does: built when missing or older
 * than its sources (about a minute on two cores), else reused.
 */
export async function ensureAppBundle(
  repoRoot: string,
  say: (line: string) => void,
): Promise<void> {
  const index = path.join(repoRoot, 'packages/app/dist/index.html');
  const builtAt = fs.statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changedAt = Math.max(
    ...BUNDLE_SOURCES.map(entry => newestChange(path.join(repoRoot, entry))),
  );
  if (builtAt > changedAt) {
    say('the app bundle is up to date (packages/app/dist)');
    return;
  }
  say('building the app bundle (packages/app/dist; about a minute on 2 cores)');
  const started = Date.now();
  const beat = setInterval(
    () =>
      say(
        `  still building the app bundle (${Math.round(
          (Date.now() - started) / 1000,
        )} s so far)`,
      ),
    30_000,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('yarn', ['workspace', 'app', 'build'], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let errors = '';
      child.stderr.on('data', chunk => {
        errors = (errors + chunk).slice(-4000);
      });
      child.once('error', reject);
      child.once('exit', code =>
        code === 0
          ? resolve()
          : reject(
              new Error(`yarn workspace app build exited ${code}: ${errors}`),
            ),
      );
    });
  } finally {
    clearInterval(beat);
  }
  say(`app bundle built in ${Math.round((Date.now() - started) / 1000)} s`);
}
