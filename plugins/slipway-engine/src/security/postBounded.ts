import http from 'node:http';
import https from 'node:https';
import { guardOutbound, OutboundPolicy } from './outboundPolicy';

/** More of an answer than this is not read. */
export const MAX_ANSWER_BYTES = 64 * 1024;

export type BoundedAnswer = { status: number; reason: string };

/** The first line of an answer, printable characters only, at most 120 of them. */
export function sanitizedReason(text: string): string {
  const line = text.split(/\r?\n/).find(l => l.trim() !== '') ?? '';
  return line
    .replace(/[^\x20-\x7e]/g, '')
    .trim()
    .slice(0, 120);
}

/**
 * POSTs JSON where the policy allows, follows no redirect, reads at most
 * MAX_ANSWER_BYTES of the answer, and keeps only its status and a short
 * sanitized reason. Rejects with OutboundRefusedError before any byte is
 * sent to a refused address.
 */
export function postBounded(
  url: string,
  body: string,
  options: { policy: OutboundPolicy; timeoutMs: number },
): Promise<BoundedAnswer> {
  const target = new URL(url);
  const { lookup } = guardOutbound(target, options.policy);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: 'POST',
        lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            reason: sanitizedReason(Buffer.concat(chunks).toString('utf8')),
          });
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) {
            chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
          }
          size += chunk.length;
          if (size >= MAX_ANSWER_BYTES) {
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
