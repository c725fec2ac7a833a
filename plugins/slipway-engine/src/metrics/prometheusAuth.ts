import {
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from '@aws-sdk/credential-providers';
import type { PrometheusSettings } from '@slipway/model';
import type { RequestSigner } from './requestSigner';
import { sigV4Signer } from './sigV4Signer';

/**
 * How Slipway signs in to a Prometheus HTTP API: a bearer token, basic auth,
 * or AWS SigV4 for Amazon Managed Prometheus (the AWS SDK's default
 * credentials, e.g. the pod's IAM role, optionally assuming another role;
 * service `aps` unless given).
 *
 * @public
 */
export type PrometheusAuth = NonNullable<PrometheusSettings['auth']>;

/** The signer for a Prometheus's auth setting; none for an open Prometheus. */
export function prometheusSigner(
  auth: PrometheusAuth | undefined,
): RequestSigner | undefined {
  if (!auth) {
    return undefined;
  }
  if (auth.type === 'bearer') {
    const headers = { authorization: `Bearer ${auth.token}` };
    return async () => headers;
  }
  if (auth.type === 'basic') {
    const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString(
      'base64',
    );
    const headers = { authorization: `Basic ${encoded}` };
    return async () => headers;
  }
  const credentials = auth.assumeRole
    ? fromTemporaryCredentials({
        params: {
          RoleArn: auth.assumeRole,
          RoleSessionName: 'slipway-canary-analysis',
          ...(auth.externalId && { ExternalId: auth.externalId }),
        },
        clientConfig: { region: auth.region },
      })
    : fromNodeProviderChain();
  return sigV4Signer({
    region: auth.region,
    service: auth.service ?? 'aps',
    credentials,
  });
}
