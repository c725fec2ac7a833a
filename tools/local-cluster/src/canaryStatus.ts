import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

/** The Canary's status as the API server has it; undefined while it does not exist. */
export async function canaryStatus(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<any> {
  const canary = (await kc
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({
      group: 'slipway.io',
      version: 'v1alpha1',
      namespace,
      plural: 'canaries',
      name,
    })
    .catch(() => undefined)) as any;
  return canary?.status;
}
