import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PrometheusProvider } from './prometheusProvider';
import { sigV4Signer } from './sigV4Signer';

const REGION = 'eu-west-1';
const WORKSPACE = `https://aps-workspaces.${REGION}.amazonaws.com/workspaces/ws-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/`;
const KEY = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
};

/** Prometheus's answer to an instant query: one sample. */
const vector = (value: string) => ({
  status: 'success',
  data: {
    resultType: 'vector',
    result: [{ metric: {}, value: [1764547200.123, value] }],
  },
});

/**
 * Amazon Managed Prometheus's query API as it answers: the Prometheus HTTP
 * API under the workspace, behind SigV4 (service `aps`). It checks the
 * signature the way AWS does, over the request it received (so a body sent
 * other than the one signed is refused), with the secret key it knows, and
 * refuses with AMP's 403 and JSON message.
 */
function managedPrometheus(seen: Request[]) {
  return http.post(`${WORKSPACE}api/v1/query`, async ({ request }) => {
    seen.push(request.clone());
    const body = await request.text();
    const authorization = request.headers.get('authorization') ?? '';
    const date = request.headers.get('x-amz-date') ?? '';
    const refuse = (message: string) =>
      HttpResponse.json({ message }, { status: 403 });
    if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
      return refuse('Missing Authentication Token');
    }
    const scope = `${KEY.accessKeyId}/${date.slice(
      0,
      8,
    )}/${REGION}/aps/aws4_request`;
    if (!authorization.includes(`Credential=${scope},`)) {
      return refuse(
        `Credential should be scoped to a valid region and service: ${authorization}`,
      );
    }
    const signedHeaders = /SignedHeaders=([^,]+)/
      .exec(authorization)![1]
      .split(';');
    const expected = await sigV4Signer({
      region: REGION,
      service: 'aps',
      credentials: KEY,
      now: () =>
        new Date(
          date.replace(
            /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
            '$1-$2-$3T$4:$5:$6Z',
          ),
        ),
    })({
      method: 'POST',
      url: new URL(request.url),
      headers: Object.fromEntries(
        signedHeaders
          .filter(
            h => !['host', 'x-amz-date', 'x-amz-security-token'].includes(h),
          )
          .map(h => [h, request.headers.get(h) ?? '']),
      ),
      body,
    });
    if (expected.authorization !== authorization) {
      return refuse(
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (request.headers.get('x-amz-security-token') !== KEY.sessionToken) {
      return refuse('The security token included in the request is invalid.');
    }
    const query = new URLSearchParams(body).get('query');
    return HttpResponse.json(vector(query === 'up' ? '1' : '0.98'));
  });
}

describe('Prometheus auth', () => {
  const server = setupServer();
  const env = { ...process.env };
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    process.env = { ...env };
  });
  afterAll(() => server.close());

  it('SigV4: queries Amazon Managed Prometheus with the default AWS credentials (here from the environment, on EKS the pod role)', async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
      AWS_SESSION_TOKEN: KEY.sessionToken,
    });
    const seen: Request[] = [];
    server.use(managedPrometheus(seen));
    const provider = new PrometheusProvider(WORKSPACE, {
      auth: { type: 'sigv4', region: REGION },
    });
    await expect(
      provider.query('sum(rate(http_requests_total[1m]))'),
    ).resolves.toBe(0.98);
    await expect(provider.query('up')).resolves.toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[0].headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded',
    );
  });

  it('SigV4 with the wrong key: refused by AMP, and the message says so without the key', async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: KEY.accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'not-the-secret',
      AWS_SESSION_TOKEN: KEY.sessionToken,
    });
    server.use(managedPrometheus([]));
    const provider = new PrometheusProvider(WORKSPACE, {
      auth: { type: 'sigv4', region: REGION },
    });
    const error = (await provider.query('up').catch(e => e)) as Error;
    expect(error.message).toMatch(/refused the query \(HTTP 403\)/);
    expect(error.message).not.toContain('not-the-secret');
  });

  it('without AWS credentials: says it cannot sign, before sending anything', async () => {
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
    ]) {
      delete process.env[name];
    }
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent';
    process.env.AWS_CONFIG_FILE = '/nonexistent';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const seen: Request[] = [];
    server.use(managedPrometheus(seen));
    const provider = new PrometheusProvider(WORKSPACE, {
      auth: { type: 'sigv4', region: REGION },
    });
    await expect(provider.query('up')).rejects.toThrow(/cannot sign the query/);
    expect(seen).toHaveLength(0);
  });

  it('bearer token and basic auth go in Authorization', async () => {
    const authorizations: Array<string | null> = [];
    server.use(
      http.post(
        'http://prometheus.monitoring:9090/api/v1/query',
        ({ request }) => {
          authorizations.push(request.headers.get('authorization'));
          return HttpResponse.json(vector('1'));
        },
      ),
    );
    const url = 'http://prometheus.monitoring:9090';
    await new PrometheusProvider(url, {
      auth: { type: 'bearer', token: 't0k3n' },
    }).query('up');
    await new PrometheusProvider(url, {
      auth: { type: 'basic', username: 'slipway', password: 'pa:ss' },
    }).query('up');
    await new PrometheusProvider(url).query('up');
    expect(authorizations).toEqual([
      'Bearer t0k3n',
      `Basic ${Buffer.from('slipway:pa:ss').toString('base64')}`,
      null,
    ]);
  });
});
