import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** True when `signature` (X-Hub-Signature-256) is the HMAC-SHA256 of `body` with `secret`. */
export function verifyGithubSignature(
  body: Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  if (!signature?.startsWith('sha256=')) {
    return false;
  }
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const pushPayload = z.object({
  ref: z.string(),
  repository: z.object({
    clone_url: z.string().optional(),
    html_url: z.string().optional(),
    ssh_url: z.string().optional(),
    url: z.string().optional(),
  }),
});

/**
 * The repository URLs (as app-config may spell them) and the branch a
 * GitHub push event is about; undefined for pushes of tags.
 */
export function parsePush(
  payload: unknown,
): { repositories: string[]; branch: string } | undefined {
  const push = pushPayload.parse(payload);
  if (!push.ref.startsWith('refs/heads/')) {
    return undefined;
  }
  const urls = Object.values(push.repository).filter(
    (u): u is string => typeof u === 'string',
  );
  const repositories = new Set<string>();
  for (const url of urls) {
    const bare = url.replace(/\/$/, '').replace(/\.git$/, '');
    repositories.add(bare);
    repositories.add(`${bare}.git`);
    repositories.add(`${bare}/`);
    if (bare.startsWith('file://')) {
      const local = bare.slice('file://'.length);
      repositories.add(local);
      repositories.add(`${local}/`);
    }
  }
  return {
    repositories: [...repositories],
    branch: push.ref.slice('refs/heads/'.length),
  };
}
