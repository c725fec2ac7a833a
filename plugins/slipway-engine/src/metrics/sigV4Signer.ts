import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
} from '@smithy/types';
import type { RequestSigner } from './requestSigner';

/**
 * Signs requests with AWS Signature Version 4, with the AWS SDK's own signer
 * (`@smithy/signature-v4`):
 * the credentials' scope is `region`/`service` (Amazon Managed Prometheus:
 * service `aps`), and the session token of temporary credentials (IRSA, Pod
 * Identity, an assumed role) goes in `x-amz-security-token`.
 *
 * @public
 */
export function sigV4Signer(options: {
  region: string;
  service: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The signing time; tests pin it to check the AWS test vectors. */
  now?: () => Date;
}): RequestSigner {
  const signer = new SignatureV4({
    region: options.region,
    service: options.service,
    credentials: options.credentials,
    sha256: Sha256,
    // The payload hash is part of the signature either way; the extra
    // x-amz-content-sha256 header is S3's, and the SigV4 test suite has none.
    applyChecksum: false,
  });
  return async request => {
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: request.url.protocol,
        hostname: request.url.hostname,
        port: request.url.port ? Number(request.url.port) : undefined,
        path: request.url.pathname,
        query: Object.fromEntries(request.url.searchParams),
        headers: { ...request.headers, host: request.url.host },
        body: request.body,
      },
      { signingDate: options.now?.() },
    );
    const { host: _host, ...headers } = signed.headers;
    return headers;
  };
}
