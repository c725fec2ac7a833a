import fs from 'node:fs';
import path from 'node:path';
import { slipwayCacheDir } from '@slipway/local-cluster';
import { run } from './commands';

/** The create-app release of Backstage 1.55, the release Slipway is built on. */
export const CREATE_APP_VERSION = '0.9.2';
/** Bump when the way the base app is made changes, so caches are made again. */
const RECIPE = 1;

const cacheRoot = () => path.join(slipwayCacheDir(), 'install-test');

function editJson(file: string, edit: (value: any) => void) {
  const value = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(value);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * What this machine needs of any new app, none of it about Slipway (see
 * TOOLCHAIN.md): the registry it reaches, an age gate past the versions its
 * mirror lacks for other platforms, a @yarnpkg/core without the broken patch,
 * and the lockfile seed create-app fetches from GitHub (unreachable here),
 * taken from this repository, which create-app 0.9.2 made too.
 */
function adaptToThisMachine(appDir: string, repoRoot: string) {
  const yarnrc = path.join(appDir, '.yarnrc.yml');
  fs.writeFileSync(
    yarnrc,
    `${fs
      .readFileSync(yarnrc, 'utf8')
      .replace(
        /npmMinimalAgeGate: .*/,
        'npmMinimalAgeGate: 45d',
      )}npmRegistryServer: 'https://registry.npmjs.org'\n`,
  );
  editJson(path.join(appDir, 'package.json'), pkg => {
    pkg.resolutions = { ...pkg.resolutions, '@yarnpkg/core': '4.9.1' };
  });
  fs.copyFileSync(
    path.join(repoRoot, 'yarn.lock'),
    path.join(appDir, 'yarn.lock'),
  );
}

/**
 * A Backstage app exactly as `npx @backstage/create-app` makes it, its
 * dependencies installed: made once per create-app version (~3 min) and
 * cached; each test works on a copy.
 */
export async function cachedBaseApp(
  repoRoot: string,
  log: (line: string) => void,
): Promise<string> {
  const dir = path.join(
    cacheRoot(),
    `create-app-${CREATE_APP_VERSION}-r${RECIPE}`,
  );
  if (fs.existsSync(path.join(dir, '.slipway-complete'))) {
    return dir;
  }
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const building = `${dir}.building`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  log(
    `making a new Backstage app with @backstage/create-app@${CREATE_APP_VERSION} (once, ~3 min)`,
  );
  await run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${CREATE_APP_VERSION}`,
      '--path',
      building,
      '--skip-install',
    ],
    {
      cwd: cacheRoot(),
      env: { ...process.env, BACKSTAGE_APP_NAME: 'acme-backstage' },
    },
  );
  adaptToThisMachine(building, repoRoot);
  log('yarn install in the new app');
  // The app's lockfile starts as a copy of this repository's and is meant to
  // change; under CI=true Yarn would refuse that (immutable installs).
  await run('yarn', ['install'], {
    cwd: building,
    env: { ...process.env, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  });
  fs.writeFileSync(path.join(building, '.slipway-complete'), '');
  fs.renameSync(building, dir);
  return dir;
}

/** A private copy of the base app for one run. */
export async function copyOfBaseApp(
  baseApp: string,
  into: string,
): Promise<string> {
  const appDir = path.join(into, 'app');
  await run('cp', ['-a', baseApp, appDir], { cwd: into });
  fs.rmSync(path.join(appDir, '.slipway-complete'));
  return appDir;
}
