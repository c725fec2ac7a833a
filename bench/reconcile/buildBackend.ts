import { build } from 'esbuild';
import path from 'node:path';
import { writeConfigSchema } from './configSchema';

/**
 * Compiles the benchmark's backend the way a deployed backend runs: plain
 * JavaScript, Slipway's packages compiled in and everything else loaded from
 * node_modules. Run through the development transform instead, the backend
 * also holds the compiler and every source map (about 90 MB more at start), which no
 * production backend does. The configuration schema is compiled beside it,
 * as published packages carry theirs.
 */
export async function buildBackend(): Promise<string> {
  const outfile = path.resolve(__dirname, '../node_modules/.cache/backend.cjs');
  await build({
    entryPoints: [path.join(__dirname, 'backend.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
    plugins: [
      {
        name: 'workspace-only',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, args =>
            args.path.startsWith('@slipway/')
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  await writeConfigSchema(
    path.join(path.dirname(outfile), 'config-schema.json'),
  );
  return outfile;
}
