import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/** A bound token for a ServiceAccount (the TokenRequest API), to sign in as it. */
export async function serviceAccountToken(
  kc: KubeConfig,
  account: { namespace: string; name: string },
  expirationSeconds = 3600,
): Promise<string> {
  const token = await kc
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      ...account,
      body: { spec: { audiences: [], expirationSeconds } },
    });
  return token.status!.token;
}
