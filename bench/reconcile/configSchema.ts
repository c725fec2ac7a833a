import { loadConfigSchema } from '@backstage/config-loader';
import { getPackages } from '@manypkg/get-packages';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The configuration schema of every package the backend can see, compiled
 * ahead of time the way `backstage-cli` packs a package for publishing
 * (`config.d.ts` becomes `config.schema.json`). Read from the workspace,
 * Slipway's `config.d.ts` would have the backend start the TypeScript
 * compiler, a burst of about 200 MB that no deployed backend has.
 */
export async function writeConfigSchema(outfile: string): Promise<string> {
  const { packages } = await getPackages(process.cwd());
  const schema = await loadConfigSchema({
    dependencies: packages.map(p => p.packageJson.name),
  });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(outfile, JSON.stringify(schema.serialize()));
  return outfile;
}
