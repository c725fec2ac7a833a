import { KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';

/** The generic object client, plus the API discovery it already caches. */
export class ObjectClient extends KubernetesObjectApi {
  static forConfig(kubeConfig: KubeConfig): ObjectClient {
    return kubeConfig.makeApiClient(ObjectClient);
  }

  /** `{ namespaced }` for a kind the cluster serves, undefined when it does not. */
  async describeKind(
    apiVersion: string,
    kind: string,
  ): Promise<{ namespaced: boolean } | undefined> {
    try {
      const resource = await this.resource(apiVersion, kind);
      return resource ? { namespaced: resource.namespaced } : undefined;
    } catch (error) {
      if ((error as { code?: number }).code === 404) {
        return undefined; // the API group or version is not served
      }
      throw error;
    }
  }
}
