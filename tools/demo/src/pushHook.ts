import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Hooks for the demo's config repository that do what
 * GitHub does on a push: POST a push event, signed with the webhook secret,
 * to Slipway's webhook endpoint. Commits then reach the cluster in seconds.
 */
export async function installPushHook(options: {
  configRepo: string;
  secret: string;
  webhookUrl: string;
}) {
  const hook = `#!/bin/sh
# Written by the Slipway demo: tells Slipway about each commit, as GitHub's push webhook would.
branch=$(git rev-parse --abbrev-ref HEAD)
body=$(printf '{"ref":"refs/heads/%s","repository":{"clone_url":"%s"}}' "$branch" ${JSON.stringify(
    `file://${options.configRepo}`,
  )})
signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac ${JSON.stringify(
    options.secret,
  )} | sed 's/^.* //')
curl --silent --max-time 5 --output /dev/null \\
  -H 'content-type: application/json' -H 'x-github-event: push' \\
  -H "x-hub-signature-256: sha256=$signature" \\
  --data "$body" ${JSON.stringify(options.webhookUrl)} || true
`;
  // A commit made in the repository, a merge there, and a push into it (promotions).
  for (const name of ['post-commit', 'post-merge', 'post-receive']) {
    const file = path.join(options.configRepo, '.git', 'hooks', name);
    await fs.writeFile(file, hook, { mode: 0o755 });
  }
}
