import http from 'node:http';
import https from 'node:https';
import type { ClusterAccess } from './ClusterAccess';

/**
 * Requests in flight per cluster beyond this wait for a kept-alive socket:
 * more than 8 reconciles and 128 canary ticks ask for at once.
 */
const MAX_SOCKETS = 256;
/** A request on a kept-alive socket the server just closed is sent again, this often at most. */
const ATTEMPTS = 3;
/** No answer in this long fails the request, so a hung API server cannot hang a reconcile. */
const TIMEOUT_MS = 60_000;
/** Access worked out from a kubeconfig (exec plugins, token files) is asked for again after this. */
const ACCESS_TTL_MS = 60_000;

const serverMessage = (body: string) => {
  try {
    return (JSON.parse(body) as { message?: string }).message;
  } catch {
    return undefined;
  }
};

const sameBuffer = (a?: Buffer, b?: Buffer) =>
  a === b || (a !== undefined && b !== undefined && a.equals(b));

/**
 * An answer outside 2xx. `code` is the HTTP status, `body` what the API server said.
 *
 * @public
 */
export class KubernetesApiError extends Error {
  constructor(
    /** The HTTP status. */
    readonly code: number,
    /** What the API server answered. */
    readonly body: string,
    what: string,
  ) {
    super(
      `${what}: HTTP ${code}: ${serverMessage(body) ?? body.slice(0, 200)}`,
    );
    this.name = 'KubernetesApiError';
  }
}

/**
 * One request to the API server.
 *
 * @public
 */
export type KubeRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  accept?: string;
  contentType?: string;
  body?: unknown;
};

/** The socket was closed under a request: on a kept-alive socket, the server had just closed it. */
const isDroppedConnection = (error: NodeJS.ErrnoException) =>
  error.code === 'ECONNRESET' || error.code === 'EPIPE';

type Connection = {
  at: number;
  access: ClusterAccess;
  agent: http.Agent;
};

/**
 * JSON over HTTPS to one API server, on kept-alive connections. The
 * Kubernetes client library sends through node-fetch with a request
 * pipeline and model classes around each call; a resync of a thousand
 * services spent more CPU there than in the requests themselves.
 *
 * @public
 */
export class KubeHttp {
  private current?: Connection;
  private pending?: Promise<Connection>;

  constructor(
    private readonly access: ClusterAccess | (() => Promise<ClusterAccess>),
  ) {}

  /** The parsed JSON answer; a KubernetesApiError for anything but 2xx. */
  async request<T>(request: KubeRequest): Promise<T> {
    const connection = await this.connect();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(connection, request);
      } catch (error) {
        const dropped = isDroppedConnection(error as NodeJS.ErrnoException);
        if (!dropped || attempt >= ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private connect(): Connection | Promise<Connection> {
    const { current } = this;
    if (current && Date.now() - current.at < ACCESS_TTL_MS) {
      return current;
    }
    this.pending ??= this.open(current).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async open(previous?: Connection): Promise<Connection> {
    const { access } = this;
    const fresh = typeof access === 'function' ? await access() : access;
    const sameTls =
      previous &&
      sameBuffer(previous.access.ca, fresh.ca) &&
      sameBuffer(previous.access.cert, fresh.cert) &&
      sameBuffer(previous.access.key, fresh.key);
    this.current = {
      // Access given as it is never changes.
      at: typeof access === 'function' ? Date.now() : Infinity,
      access: fresh,
      agent: sameTls ? previous.agent : agentFor(fresh),
    };
    return this.current;
  }

  private send<T>(connection: Connection, request: KubeRequest): Promise<T> {
    const { access, agent } = connection;
    // Appended, not resolved: a server behind a proxy has a path of its own.
    const url = new URL(`${access.server.replace(/\/$/, '')}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value));
      }
    }
    const body =
      request.body === undefined ? undefined : JSON.stringify(request.body);
    const what = `${request.method} ${url.pathname}`;
    const headers: Record<string, string | number> = {
      ...access.headers,
      Accept: request.accept ?? 'application/json',
    };
    if (body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(
        url,
        { method: request.method, headers, agent },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status < 200 || status > 299) {
              reject(new KubernetesApiError(status, text, what));
              return;
            }
            try {
              resolve((text ? JSON.parse(text) : undefined) as T);
            } catch (error) {
              reject(new Error(`${what}: the answer is not JSON: ${error}`));
            }
          });
        },
      );
      req.setTimeout(TIMEOUT_MS, () =>
        req.destroy(
          new Error(
            `${what}: no answer from ${access.server} within ${
              TIMEOUT_MS / 1000
            } s`,
          ),
        ),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

function agentFor(access: ClusterAccess): http.Agent {
  const options = { keepAlive: true, maxSockets: MAX_SOCKETS };
  if (access.server.startsWith('http:')) {
    return new http.Agent(options);
  }
  return new https.Agent({
    ...options,
    ca: access.ca,
    cert: access.cert,
    key: access.key,
    rejectUnauthorized: access.rejectUnauthorized,
    servername: access.servername,
  });
}
