import crypto from 'node:crypto';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

const sha256 = (data: Buffer) =>
  `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;

/**
 * Pushes a minimal OCI image (a config blob naming the tag, no layers) to a
 * registry through the Distribution HTTP API, as CI pushes a build. Each tag
 * gets its own digest. Returns the manifest digest.
 */
export async function pushImage(options: {
  /** e.g. http://127.0.0.1:5000 */
  registryUrl: string;
  repository: string;
  tag: string;
  authorization?: string;
}): Promise<string> {
  const { registryUrl, repository, tag } = options;
  const headers: Record<string, string> = options.authorization
    ? { authorization: options.authorization }
    : {};
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.opencontainers.image.version': tag } },
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const configDigest = sha256(config);
  const started = await expectOk(
    fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers,
    }),
    `start a blob upload to ${repository}`,
  );
  const location = new URL(started.headers.get('location')!, registryUrl);
  location.searchParams.set('digest', configDigest);
  await expectOk(
    fetch(location, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: config,
    }),
    `upload the config blob of ${repository}:${tag}`,
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: OCI_CONFIG,
        digest: configDigest,
        size: config.length,
      },
      layers: [],
    }),
  );
  await expectOk(
    fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': OCI_MANIFEST },
      body: manifest,
    }),
    `put the manifest of ${repository}:${tag}`,
  );
  return sha256(manifest);
}

async function expectOk(response: Promise<Response>, what: string) {
  const res = await response;
  if (!res.ok) {
    throw new Error(
      `cannot ${what}: HTTP ${res.status} ${await res.text().catch(() => '')}`,
    );
  }
  return res;
}
