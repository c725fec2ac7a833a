import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { ManagedProcess } from './processes';
import { waitFor } from './readiness';
import { RegistryTokenServer } from './registryTokenServer';

const REGISTRY = '/usr/bin/docker-registry';

/**
 * How clients authenticate: not at all, with basic auth checked by the
 * registry itself (htpasswd), or with bearer tokens from a token server, as
 * Docker Hub, GHCR and Harbor do.
 */
export type RegistryAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'token'; username: string; password: string };

/**
 * A throwaway OCI Distribution registry from Debian's `docker-registry`
 * package: its own storage directory and port, on plain HTTP.
 */
export class LocalRegistry {
  private process?: ManagedProcess;

  private constructor(
    private readonly dir: string,
    private readonly args: string[],
    readonly port: number,
    readonly auth: RegistryAuth,
    private readonly tokens?: RegistryTokenServer,
  ) {}

  /** `127.0.0.1:<port>`, the host part of image references. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `http://${this.host}`;
  }

  static async start(
    options: { auth?: RegistryAuth; port?: number } = {},
  ): Promise<LocalRegistry> {
    if (!fs.existsSync(REGISTRY)) {
      throw new Error(
        'docker-registry is not installed: apt-get install docker-registry (scripts/test.sh does this)',
      );
    }
    const auth = options.auth ?? { type: 'none' };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-registry-'));
    const port = options.port ?? (await freePort());
    const tokens =
      auth.type === 'token'
        ? await RegistryTokenServer.start(dir, auth, `127.0.0.1:${port}`)
        : undefined;
    const config = path.join(dir, 'config.yml');
    fs.writeFileSync(
      config,
      JSON.stringify({
        version: 0.1,
        log: { level: 'warn' },
        storage: {
          filesystem: { rootdirectory: path.join(dir, 'data') },
          delete: { enabled: true },
        },
        http: { addr: `127.0.0.1:${port}` },
        auth: registryAuthConfig(dir, auth, tokens),
      }),
    );
    const registry = new LocalRegistry(
      dir,
      ['serve', config],
      port,
      auth,
      tokens,
    );
    await registry.resume();
    return registry;
  }

  /** Starts the registry process again after `pause`, on the same port and storage. */
  async resume(): Promise<void> {
    if (this.process && !this.process.hasExited) {
      return;
    }
    this.process = new ManagedProcess(
      'docker-registry',
      REGISTRY,
      this.args,
      path.join(this.dir, 'registry.log'),
      process.env,
    );
    const proc = this.process;
    await waitFor(
      `docker-registry on port ${this.port}`,
      async () => {
        if (proc.hasExited) {
          throw new Error(`docker-registry exited:\n${proc.tail()}`);
        }
        const res = await fetch(`${this.url}/v2/`).catch(() => undefined);
        return res !== undefined || undefined;
      },
      30_000,
    );
  }

  /** Stops the registry process, keeping its images: the registry is down. */
  async pause(): Promise<void> {
    await this.process?.stop();
  }

  /** The Authorization header that lets a test push to and pull from a repository. */
  authorization(repository: string): string | undefined {
    switch (this.auth.type) {
      case 'basic':
        return `Basic ${Buffer.from(
          `${this.auth.username}:${this.auth.password}`,
        ).toString('base64')}`;
      case 'token':
        return `Bearer ${this.tokens!.issue(repository, ['pull', 'push'])}`;
      default:
        return undefined;
    }
  }

  /** host:port of the token server, when the registry uses one (its own port, so another host to a client). */
  get tokenRealmHost(): string | undefined {
    return this.tokens && new URL(this.tokens.url).host;
  }

  /** How many token requests the token server answered, by outcome. */
  get tokenRequests() {
    return this.tokens?.requests ?? { granted: 0, refused: 0 };
  }

  /** Stops the registry and its token server and removes the storage. */
  async stop(): Promise<void> {
    await this.process?.stop();
    await this.tokens?.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function registryAuthConfig(
  dir: string,
  auth: RegistryAuth,
  tokens?: RegistryTokenServer,
) {
  if (auth.type === 'basic') {
    const file = path.join(dir, 'htpasswd');
    execFileSync('htpasswd', ['-Bbc', file, auth.username, auth.password]);
    return { htpasswd: { realm: 'slipway-test', path: file } };
  }
  if (tokens) {
    return { token: tokens.registryConfig };
  }
  return undefined;
}
