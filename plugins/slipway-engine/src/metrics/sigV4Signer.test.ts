import { sigV4Signer } from './sigV4Signer';

/**
 * Cases of the AWS Signature Version 4 test suite (credentials AKIDEXAMPLE,
 * region us-east-1, service "service", 2015-08-30T12:36:00Z): the request as
 * Slipway hands it to the signer must give the suite's Authorization header.
 */
const SUITE = {
  region: 'us-east-1',
  service: 'service',
  credentials: {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  },
  now: () => new Date('2015-08-30T12:36:00Z'),
};
const CREDENTIAL =
  'Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

describe('sigV4Signer against the AWS SigV4 test suite', () => {
  const sign = sigV4Signer(SUITE);

  it('post-vanilla', async () => {
    const headers = await sign({
      method: 'POST',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      body: '',
    });
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 ${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
    );
  });

  it('post-vanilla-query', async () => {
    const headers = await sign({
      method: 'POST',
      url: new URL('https://example.amazonaws.com/?Param1=value1'),
      headers: {},
      body: '',
    });
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 ${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11`,
    );
  });

  it('post-x-www-form-urlencoded: a form body, as a Prometheus query is sent', async () => {
    const headers = await sign({
      method: 'POST',
      url: new URL('https://example.amazonaws.com/'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Param1=value1',
    });
    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 ${CREDENTIAL}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
    );
  });

  it('signs a different body differently, and sends a session token when the credentials have one', async () => {
    const request = {
      method: 'POST',
      url: new URL('https://example.amazonaws.com/'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
    const one = await sign({ ...request, body: 'query=up' });
    const other = await sign({ ...request, body: 'query=down' });
    expect(one.authorization).not.toBe(other.authorization);

    const session = await sigV4Signer({
      ...SUITE,
      credentials: { ...SUITE.credentials, sessionToken: 'SESSION' },
    })({ ...request, body: 'query=up' });
    expect(session['x-amz-security-token']).toBe('SESSION');
    expect(session.authorization).toContain(
      'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token',
    );
  });
});
