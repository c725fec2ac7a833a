import type { KubeConfig } from '@kubernetes/client-node';

/**
 * Where an API server is and how to authenticate to it.
 *
 * @public
 */
export type ClusterAccess = {
  /** `https://host:port` (or `http://` for a test server). */
  server: string;
  /** PEM CA bundle; without it the system's CAs are trusted. */
  ca?: Buffer;
  /** Client certificate and key (PEM), for x509 authentication. */
  cert?: Buffer;
  key?: Buffer;
  /** False only with `skipTLSVerify`. */
  rejectUnauthorized?: boolean;
  /** TLS server name when it differs from the server's host. */
  servername?: string;
  /** Sent with every request: `Authorization` for bearer tokens. */
  headers: Record<string, string>;
};

/**
 * The access a kubeconfig's current context gives, as the client library
 * works it out (files, base64 data, tokens, exec and auth providers).
 */
export async function accessFromKubeConfig(
  kubeConfig: KubeConfig,
): Promise<ClusterAccess> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new Error('The kubeconfig has no current cluster');
  }
  const options: {
    ca?: Buffer;
    cert?: Buffer;
    key?: Buffer;
    rejectUnauthorized?: boolean;
    servername?: string;
    headers?: Record<string, string | number | string[]>;
    auth?: string;
  } = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  if (options.auth) {
    headers.Authorization = `Basic ${Buffer.from(options.auth).toString(
      'base64',
    )}`;
  }
  return {
    server: cluster.server,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    rejectUnauthorized: options.rejectUnauthorized,
    servername: options.servername,
    headers,
  };
}
