import fs from 'node:fs';
import { LocalCluster } from './localCluster';
import { isListening } from './ports';

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
