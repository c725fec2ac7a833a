import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh directory for each test of the calling `describe`, removed after
 * it, and a way to write files into it (parent directories made as needed).
 */
export function tempDirPerTest(prefix: string) {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    dir: () => dir,
    write(file: string, text: string) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
  };
}
