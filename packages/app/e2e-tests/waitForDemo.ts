import fs from 'node:fs';
import path from 'node:path';
import { demoDir } from './demo';

const LIMIT_MS = 10 * 60_000;

/**
 * Global setup: the app on :3000 answers before the demo has deployed its
 * services and initialised its Canaries; tests start once the demo has
 * written ready.json (it says then that it is usable).
 */
export default async function waitForDemo() {
  const readyFile = path.join(demoDir, 'ready.json');
  const started = Date.now();
  while (!fs.existsSync(readyFile)) {
    if (Date.now() - started > LIMIT_MS) {
      throw new Error(
        `the demo did not write ${readyFile} within ${
          LIMIT_MS / 60_000
        } min; see its output above`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}
