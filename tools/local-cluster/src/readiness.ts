import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import type { ManagedProcess } from './processes';

export type TlsClient = { ca: string; cert: string; key: string };

function get(url: string, tls?: TlsClient): Promise<number> {
  return new Promise(resolve => {
    const options = tls
      ? {
          ca: fs.readFileSync(tls.ca),
          cert: fs.readFileSync(tls.cert),
          key: fs.readFileSync(tls.key),
        }
      : { rejectUnauthorized: false };
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { ...options, timeout: 2000 }, res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Polls a health endpoint until it answers 200. Fails early, with the end of
 * the process log, when the process exits instead.
 */
export async function waitForHealthy(options: {
  url: string;
  process: ManagedProcess;
  tls?: TlsClient;
  timeoutMs?: number;
}): Promise<void> {
  const { url, process: proc, tls, timeoutMs = 60_000 } = options;
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  while (Date.now() < deadline) {
    if (proc.hasExited) {
      throw new Error(
        `${proc.name} exited before ${url} became healthy; log ${
          proc.logFile
        }:\n${proc.tail()}`,
      );
    }
    status = await get(url, tls);
    if (status === 200) {
      return;
    }
    await sleep(200);
  }
  throw new Error(
    `${
      proc.name
    } was not healthy at ${url} after ${timeoutMs} ms (last status ${status}); log ${
      proc.logFile
    }:\n${proc.tail()}`,
  );
}

/** Polls until the check returns a value, or fails with the description. */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<Exclude<T, false>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      // `false` is "not yet" too: a check written as a comparison must not end the wait.
      if (value !== undefined && value !== false) {
        return value as Exclude<T, false>;
      }
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${description}${
      lastError ? `: ${lastError}` : ''
    }`,
  );
}
