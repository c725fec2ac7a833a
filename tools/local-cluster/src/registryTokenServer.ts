import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';

const ISSUER = 'slipway-test-token-server';
const base64url = (data: string | Buffer) =>
  Buffer.from(data).toString('base64url');

/**
 * The token server of the Docker registry token protocol: checks basic
 * credentials and answers `{ token }`, a JWT the registry verifies against
 * the certificate in its `rootcertbundle` (the certificate rides in the
 * token's `x5c` header).
 */
export class RegistryTokenServer {
  readonly requests = { granted: 0, refused: 0 };

  private readonly server = http.createServer((req, res) =>
    this.handle(req, res),
  );

  private constructor(
    private readonly key: crypto.KeyObject,
    private readonly certificate: Buffer,
    private readonly certificateFile: string,
    private readonly service: string,
    /** The Authorization header of the one user allowed. */
    private readonly expected: string,
  ) {}

  static async start(
    dir: string,
    credentials: { username: string; password: string },
    service: string,
  ): Promise<RegistryTokenServer> {
    const keyFile = path.join(dir, 'token.key');
    const certificateFile = path.join(dir, 'token.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=slipway-test-token-server',
        '-days',
        '2',
        '-keyout',
        keyFile,
        '-out',
        certificateFile,
      ],
      { stdio: 'ignore' },
    );
    const key = crypto.createPrivateKey(fs.readFileSync(keyFile));
    const der = new crypto.X509Certificate(fs.readFileSync(certificateFile))
      .raw;
    const expected = `Basic ${Buffer.from(
      `${credentials.username}:${credentials.password}`,
    ).toString('base64')}`;
    const self = new RegistryTokenServer(
      key,
      der,
      certificateFile,
      service,
      expected,
    );
    await new Promise<void>(resolve =>
      self.server.listen(0, '127.0.0.1', () => resolve()),
    );
    return self;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers.authorization !== this.expected) {
      this.requests.refused++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ details: 'wrong username or password' }));
      return;
    }
    this.requests.granted++;
    const token = this.sign(
      url.searchParams.getAll('scope').map(scope => {
        const [type, name, actions] = scope.split(':');
        return { type, name, actions: actions.split(',') };
      }),
    );
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, expires_in: 300 }));
  }

  get url(): string {
    return `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }/token`;
  }

  /** The registry's `auth.token` configuration that trusts this server. */
  get registryConfig() {
    return {
      realm: this.url,
      service: this.service,
      issuer: ISSUER,
      rootcertbundle: this.certificateFile,
    };
  }

  /** A token for a repository, as a test pushing images needs it. */
  issue(repository: string, actions: string[]): string {
    return this.sign([{ type: 'repository', name: repository, actions }]);
  }

  private sign(
    access: Array<{ type: string; name: string; actions: string[] }>,
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const header = {
      alg: 'RS256',
      typ: 'JWT',
      x5c: [this.certificate.toString('base64')],
    };
    const claims = {
      iss: ISSUER,
      sub: 'test',
      aud: this.service,
      iat: now - 5,
      nbf: now - 5,
      exp: now + 300,
      jti: crypto.randomUUID(),
      access,
    };
    const signed = `${base64url(JSON.stringify(header))}.${base64url(
      JSON.stringify(claims),
    )}`;
    const signature = crypto.sign('RSA-SHA256', Buffer.from(signed), this.key);
    return `${signed}.${base64url(signature)}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }
}
