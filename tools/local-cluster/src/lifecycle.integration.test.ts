import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalCluster } from './localCluster';
import { isListening } from './ports';
import { waitFor } from './readiness';

jest.setTimeout(900_000);

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process whose command line mentions the directory, from /proc. */
function processesUsing(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter(entry => /^\d+$/.test(entry))
    .filter(pid => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('starting and stopping the control plane', () => {
  it('leaves no process and no listening port behind, 10 times in a row', async () => {
    for (let round = 1; round <= 10; round++) {
      const cluster = await LocalCluster.start({ nodes: ['kwok-node-0'] });
      const { ports, pids } = cluster.resources;
      const dir = cluster.dir;
      expect(pids).toHaveLength(5);
      expect(await isListening(Number(new URL(cluster.server).port))).toBe(
        true,
      );

      await cluster.stop();

      expect(pids.filter(isAlive)).toEqual([]);
      expect(processesUsing(dir)).toEqual([]);
      const stillListening = [];
      for (const port of ports) {
        if (await isListening(port)) {
          stillListening.push(port);
        }
      }
      expect({ round, stillListening }).toEqual({ round, stillListening: [] });
      expect(fs.existsSync(dir)).toBe(false);
    }
  });
});

describe('a test runner that dies', () => {
  it('takes its control plane with it, even when killed with SIGKILL', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-orphan-'));
    const readyFile = path.join(work, 'kubeconfig-path');
    const runner = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, 'cli.ts'),
        readyFile,
      ],
      { stdio: 'ignore' },
    );
    try {
      const kubeconfig = await waitFor(
        'the cluster to start',
        async () =>
          fs.existsSync(readyFile) && fs.readFileSync(readyFile, 'utf8')
            ? fs.readFileSync(readyFile, 'utf8')
            : undefined,
        120_000,
      );
      const clusterDir = path.dirname(kubeconfig);
      expect(processesUsing(clusterDir)).toHaveLength(5);

      runner.kill('SIGKILL');

      await waitFor(
        'every control-plane process to exit',
        async () =>
          processesUsing(clusterDir).length === 0 ? true : undefined,
        15_000,
      );
      fs.rmSync(clusterDir, { recursive: true, force: true });
    } finally {
      runner.kill('SIGKILL');
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
