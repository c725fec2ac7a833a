import { ConfigReader } from '@backstage/config';
import { http as mswHttp, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  eksClusterConfig,
  startFakeApiServer,
} from '../__testUtils__/fakeApiServer';
import { ClusterConnections } from './ClusterConnections';

const ROLE = 'arn:aws:iam::444455556666:role/slipway-engine';

/**
 * STS as the AWS SDK speaks it (the query protocol: a form POST, an XML
 * answer), in any region: GetCallerIdentity for the pod's role (Backstage's
 * AWS credentials manager asks it), AssumeRole for the engine's. It keeps
 * what it was asked.
 */
function sts(asked: URLSearchParams[]) {
  return mswHttp.post(
    /^https:\/\/sts\.[a-z0-9-]+\.amazonaws\.com\/$/,
    async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      asked.push(form);
      if (form.get('Action') === 'GetCallerIdentity') {
        return new HttpResponse(
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::111122223333:assumed-role/backstage/pod</Arn>
    <UserId>AROAPOD:pod</UserId>
    <Account>111122223333</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
          { headers: { 'content-type': 'text/xml' } },
        );
      }
      if (
        !request.headers
          .get('authorization')
          ?.startsWith('AWS4-HMAC-SHA256 Credential=AKIDPODROLE/')
      ) {
        return new HttpResponse(
          '<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>',
          { status: 403 },
        );
      }
      return new HttpResponse(
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::444455556666:assumed-role/slipway-engine/backstage</Arn>
      <AssumedRoleId>AROAEXAMPLE:backstage</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAASSUMEDROLE</AccessKeyId>
      <SecretAccessKey>assumed-secret</SecretAccessKey>
      <SessionToken>assumed-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
        { headers: { 'content-type': 'text/xml' } },
      );
    },
  );
}

/**
 * The engine reaches an EKS cluster with the kubernetes backend's own AWS
 * strategy: the pod's credentials assume the role of `assumeRole` (STS,
 * here msw), and the bearer token is EKS's: `k8s-aws-v1.` and a presigned
 * STS GetCallerIdentity URL, signed by the assumed role for the EKS
 * cluster name of authMetadata, which the API server receives.
 */
describe('an EKS cluster through the kubernetes backend AWS strategy', () => {
  const server = setupServer();
  const env = { ...process.env };
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterEach(() => {
    server.resetHandlers();
    process.env = { ...env };
  });
  afterAll(() => server.close());

  it('assumes the role, signs an EKS token for the EKS name of authMetadata, and sends it to the API server', async () => {
    Object.assign(process.env, {
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDPODROLE',
      AWS_SECRET_ACCESS_KEY: 'pod-role-secret',
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const asked: URLSearchParams[] = [];
    server.use(sts(asked));
    const apiServer = await startFakeApiServer();
    try {
      const connections = ClusterConnections.fromConfig(
        new ConfigReader(
          eksClusterConfig(apiServer.url, {
            assumeRole: ROLE,
            externalId: 'slipway',
          }),
        ),
      );
      const { client } = await connections.connect('production');
      await expect(client.describeKind('v1', 'ConfigMap')).resolves.toEqual({
        namespaced: true,
      });

      const assumed = asked.filter(a => a.get('Action') === 'AssumeRole');
      expect(assumed).toHaveLength(1);
      expect(assumed[0].get('RoleArn')).toBe(ROLE);
      expect(assumed[0].get('ExternalId')).toBe('slipway');

      expect(apiServer.seen).toHaveLength(1);
      const [scheme, token] = apiServer.seen[0].authorization!.split(' ');
      expect(scheme).toBe('Bearer');
      expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
      const presigned = new URL(
        Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
      );
      expect(presigned.host).toBe('sts.eu-west-1.amazonaws.com');
      expect(presigned.searchParams.get('Action')).toBe('GetCallerIdentity');
      expect(presigned.searchParams.get('X-Amz-Credential')).toMatch(
        /^ASIAASSUMEDROLE\/\d{8}\/eu-west-1\/sts\/aws4_request$/,
      );
      expect(presigned.searchParams.get('X-Amz-Security-Token')).toBe(
        'assumed-session-token',
      );
      // The EKS cluster's own name is signed in (x-k8s-aws-id), as EKS checks.
      expect(presigned.searchParams.get('X-Amz-SignedHeaders')).toBe(
        'host;x-k8s-aws-id',
      );
    } finally {
      apiServer.close();
    }
  });
});
