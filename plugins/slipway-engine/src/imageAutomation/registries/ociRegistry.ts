import crypto from 'node:crypto';
import { ImageRegistry, RegistryError, RegistryTag } from './ImageRegistry';
import { throttle } from './throttle';

/**
 * How Slipway signs in to an OCI registry: a username and password, or a token.
 *
 * @public
 */
export type RegistryCredentials =
  | { username: string; password: string }
  | { token: string };

/**
 * Where an OCI registry is and how to sign in to it.
 *
 * @public
 */
export type OciRegistryOptions = {
  /** As in image names: `ghcr.io`, `127.0.0.1:5000`, `docker.io`. */
  host: string;
  /** Plain HTTP instead of HTTPS (a registry on loopback). */
  insecure?: boolean;
  credentials?: RegistryCredentials;
  /**
   * Hosts besides the registry's own whose token service its 401 may name
   * (`auth.docker.io` for docker.io is known). The configured credentials
   * go to no other host.
   */
  tokenRealms?: string[];
  /** Tags asked for per page of the tag list. */
  pageSize?: number;
  requestsPerSecond?: number;
  timeoutMs?: number;
};

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** A tag list longer than this many pages is a registry that never says it is done. */
const MAX_PAGES = 200;

/**
 * An OCI image manifest, as far as Slipway reads one: its config and layers.
 *
 * @public
 */
export type OciManifest = {
  mediaType?: string;
  config?: { mediaType: string; digest: string; size?: number };
  layers?: Array<{ mediaType: string; digest: string; size?: number }>;
};

type Challenge = { scheme: string; params: Record<string, string> };
type Token = { value: string; expiresAt: number };

/**
 * Any registry that speaks the OCI Distribution API: the tag list, followed
 * through its `Link` pages, and manifest digests. Authenticates as the
 * registry asks in its `WWW-Authenticate` challenge: basic auth, or a bearer
 * token from its token service (with the basic credentials, or anonymous),
 * kept per repository until it expires.
 *
 * @public
 */
export class OciRegistry implements ImageRegistry {
  /** {@inheritDoc ImageRegistry.description} */
  readonly description: string;
  private readonly baseUrl: string;
  private readonly realmHosts: string[];
  private readonly tokens = new Map<string, Token>();
  private readonly limit: ReturnType<typeof throttle>;

  constructor(private readonly options: OciRegistryOptions) {
    this.description = options.host;
    const apiHost =
      options.host === 'docker.io' ? 'registry-1.docker.io' : options.host;
    this.baseUrl = `${options.insecure ? 'http' : 'https'}://${apiHost}`;
    this.realmHosts = [
      new URL(this.baseUrl).host,
      ...(options.host === 'docker.io' ? ['auth.docker.io'] : []),
      ...(options.tokenRealms ?? []),
    ];
    this.limit = throttle(options.requestsPerSecond ?? 10);
  }

  /** The token service a 401 names, if it is one the credentials may go to. */
  private realmUrl(realm: string): URL {
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError(
        `${this.description} names a token service that is not a URL`,
        401,
      );
    }
    const secure =
      url.protocol === 'https:' ||
      (this.options.insecure && url.protocol === 'http:');
    if (!secure || !this.realmHosts.includes(url.host)) {
      throw new RegistryError(
        `${this.description} names the token service ${url.origin}, which is not the registry's host: refused, so no credentials go there (if it is the registry's own, list ${url.host} under tokenRealms of slipway.imageAutomation.registries in app-config)`,
        401,
      );
    }
    return url;
  }

  /** {@inheritDoc ImageRegistry.listTags} */
  async listTags(repository: string): Promise<RegistryTag[]> {
    const tags: string[] = [];
    let next: string | undefined = `/v2/${repository}/tags/list?n=${
      this.options.pageSize ?? 1000
    }`;
    for (let page = 0; next; page++) {
      if (page >= MAX_PAGES) {
        throw new RegistryError(
          `${this.description} kept paging the tags of ${repository} past ${MAX_PAGES} pages`,
        );
      }
      const res = await this.request('GET', next, repository, 'tag list');
      const body = (await res.json().catch(() => ({}))) as {
        tags?: string[] | null;
      };
      tags.push(...(body.tags ?? []));
      next = nextPage(res.headers.get('link'));
    }
    return tags.map(tag => ({ tag }));
  }

  /** {@inheritDoc ImageRegistry.digestOf} */
  async digestOf(repository: string, tag: string): Promise<string> {
    const path = `/v2/${repository}/manifests/${tag}`;
    const head = await this.request(
      'HEAD',
      path,
      repository,
      `manifest of ${tag}`,
      MANIFEST_TYPES,
    );
    const digest = head.headers.get('docker-content-digest');
    if (digest) {
      return digest;
    }
    const res = await this.request(
      'GET',
      path,
      repository,
      `manifest of ${tag}`,
      MANIFEST_TYPES,
    );
    const body = Buffer.from(await res.arrayBuffer());
    return `sha256:${crypto.createHash('sha256').update(body).digest('hex')}`;
  }

  /**
   * A manifest of the repository by tag or digest, parsed, with its digest
   * (computed from the bytes received, so a registry cannot name another).
   */
  async manifest(
    repository: string,
    reference: string,
    accept = MANIFEST_TYPES,
  ): Promise<{ digest: string; manifest: OciManifest }> {
    const res = await this.request(
      'GET',
      `/v2/${repository}/manifests/${reference}`,
      repository,
      `manifest of ${reference}`,
      accept,
    );
    const body = Buffer.from(await res.arrayBuffer());
    const digest = `sha256:${crypto
      .createHash('sha256')
      .update(body)
      .digest('hex')}`;
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new RegistryError(
        `${this.description} sent a manifest of ${repository} whose digest is not ${reference}`,
      );
    }
    return { digest, manifest: JSON.parse(body.toString('utf8')) };
  }

  /** A blob of the repository, refused unless its bytes have the digest asked for, nor larger than maxBytes. */
  async blob(
    repository: string,
    digest: string,
    maxBytes: number,
  ): Promise<Buffer> {
    const res = await this.request(
      'GET',
      `/v2/${repository}/blobs/${digest}`,
      repository,
      `blob ${digest}`,
    );
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > maxBytes) {
      throw new RegistryError(
        `${this.description}: blob ${digest} of ${repository} is ${length} bytes, more than ${maxBytes}`,
      );
    }
    const body = Buffer.from(await res.arrayBuffer());
    const actual = `sha256:${crypto
      .createHash('sha256')
      .update(body)
      .digest('hex')}`;
    if (body.length > maxBytes || actual !== digest) {
      throw new RegistryError(
        `${this.description} sent a blob of ${repository} that is not ${digest}`,
      );
    }
    return body;
  }

  private async request(
    method: string,
    path: string,
    repository: string,
    what: string,
    accept?: string,
  ): Promise<Response> {
    const scope = `repository:${repository}:pull`;
    let res = await this.send(method, path, this.authorization(scope), accept);
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      const authorization = await this.answer(challenge, scope);
      res = await this.send(method, path, authorization, accept);
    }
    if (!res.ok) {
      throw new RegistryError(
        `${this.description} answered HTTP ${
          res.status
        } for the ${what} of ${repository}: ${explainStatus(
          res.status,
          this.options.credentials !== undefined,
        )}`,
        res.status,
      );
    }
    return res;
  }

  private send(
    method: string,
    path: string,
    authorization?: string,
    accept?: string,
  ) {
    const url = new URL(path, this.baseUrl);
    return this.limit(() =>
      fetch(url, {
        method,
        headers: {
          ...(authorization && { authorization }),
          ...(accept && { accept }),
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      }),
    ).catch(error => {
      const cause = (error as { cause?: { code?: string; message?: string } })
        .cause;
      throw new RegistryError(
        `cannot reach registry ${this.description} (${this.baseUrl}): ${
          cause?.code ?? cause?.message ?? (error as Error).message
        }`,
      );
    });
  }

  private authorization(scope: string): string | undefined {
    const credentials = this.options.credentials;
    if (credentials && 'token' in credentials) {
      return `Bearer ${credentials.token}`;
    }
    const token = this.tokens.get(scope);
    if (token && token.expiresAt > Date.now()) {
      return `Bearer ${token.value}`;
    }
    return undefined;
  }

  private async answer(
    challenge: Challenge | undefined,
    scope: string,
  ): Promise<string> {
    const credentials = this.options.credentials;
    const basic =
      credentials && 'username' in credentials
        ? `Basic ${Buffer.from(
            `${credentials.username}:${credentials.password}`,
          ).toString('base64')}`
        : undefined;
    if (challenge?.scheme === 'basic') {
      if (!basic) {
        throw new RegistryError(
          `${this.description} asks for a username and password: set them under slipway.imageAutomation.registries in app-config`,
          401,
        );
      }
      return basic;
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) {
      throw new RegistryError(
        `${this.description} refused the request (HTTP 401) without saying how to authenticate`,
        401,
      );
    }
    const url = this.realmUrl(challenge.params.realm);
    if (challenge.params.service) {
      url.searchParams.set('service', challenge.params.service);
    }
    url.searchParams.set('scope', challenge.params.scope ?? scope);
    const res = await this.limit(() =>
      fetch(url, {
        headers: basic ? { authorization: basic } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      }),
    ).catch(error => {
      throw new RegistryError(
        `cannot reach the token service of ${this.description} (${
          url.origin
        }): ${(error as Error).message}`,
      );
    });
    if (!res.ok) {
      throw new RegistryError(
        `the token service of ${this.description} refused ${
          basic ? 'the configured credentials' : 'an anonymous token'
        } (HTTP ${res.status})`,
        res.status,
      );
    }
    const body = (await res.json()) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
    };
    const value = body.token ?? body.access_token;
    if (!value) {
      throw new RegistryError(
        `the token service of ${this.description} answered without a token`,
      );
    }
    // Renew a little before the token expires; 60 s is the protocol's default lifetime.
    const lifetimeMs = (body.expires_in ?? 60) * 1000;
    this.tokens.set(scope, { value, expiresAt: Date.now() + lifetimeMs * 0.9 });
    return `Bearer ${value}`;
  }
}

function explainStatus(status: number, hasCredentials: boolean): string {
  switch (status) {
    case 401:
    case 403:
      return hasCredentials
        ? 'the configured credentials are not allowed to pull it'
        : 'it needs credentials: set them under slipway.imageAutomation.registries';
    case 404:
      return 'no such repository or tag';
    case 429:
      return 'rate limited; checking again later';
    default:
      return status >= 500
        ? 'the registry failed; checking again later'
        : 'unexpected answer';
  }
}

/** `Bearer realm="https://auth…",service="registry",scope="repository:x:pull"`. */
export function parseChallenge(header: string | null): Challenge | undefined {
  const match = header ? /^(\w+)\s*(.*)$/.exec(header.trim()) : null;
  if (!match) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [, key, value] of match[2].matchAll(/(\w+)="([^"]*)"/g)) {
    params[key] = value;
  }
  return { scheme: match[1].toLowerCase(), params };
}

/** The next page from a `Link: </v2/…?last=x&n=100>; rel="next"` header. */
function nextPage(link: string | null): string | undefined {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  return match?.[1];
}
