import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { cpuSeconds } from '../common/cpuSeconds';
import { progress } from '../common/report';
import { serviceName } from './manifests';

const run = promisify(execFile);

/**
 * The anchor's render of the chart case: `helm template` of each release,
 * one after another as a script would, into one directory for kubectl.
 * Returns helm's wall and CPU seconds.
 */
export async function helmTemplateAll(options: {
  helm: string;
  chart: string;
  count: number;
  out: string;
}): Promise<{ seconds: number; cpu: number }> {
  progress(`helm template of ${options.count} releases`);
  fs.mkdirSync(options.out, { recursive: true });
  const cpuBefore = cpuSeconds('self', 'waited children');
  const started = Date.now();
  for (let i = 0; i < options.count; i++) {
    const { stdout } = await run(
      options.helm,
      ['template', serviceName(i), options.chart],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    fs.writeFileSync(path.join(options.out, `${serviceName(i)}.yaml`), stdout);
  }
  return {
    seconds: (Date.now() - started) / 1000,
    cpu: cpuSeconds('self', 'waited children') - cpuBefore,
  };
}
