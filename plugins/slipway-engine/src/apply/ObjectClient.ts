import {
  ApisApi,
  CoreApi,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  ResponseContext,
} from '@kubernetes/client-node';
import { reuseConnections } from './reuseConnections';

export type ServedKind = {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
};

/** The generic object client, plus the API discovery it already caches. */
export class ObjectClient extends KubernetesObjectApi {
  private kubeConfig?: KubeConfig;

  static forConfig(kubeConfig: KubeConfig): ObjectClient {
    const client = reuseConnections(kubeConfig).makeApiClient(ObjectClient);
    client.kubeConfig = kubeConfig;
    return client;
  }

  /**
   * Objects as the API server sent them. The library would turn each into
   * model classes first, which costs more CPU than the request itself when a
   * thousand services are resynced; the engine only needs plain JSON.
   */
  protected async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
    type?: string,
  ): Promise<T> {
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return JSON.parse(await response.body.text()) as T;
    }
    return super.processResponse(response, type);
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

  /** Every kind the cluster serves at its preferred version that can be listed. */
  async listableKinds(): Promise<ServedKind[]> {
    const kc = this.kubeConfig!;
    const core = await kc.makeApiClient(CoreApi).getAPIVersions();
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    const versions = [
      ...core.versions,
      ...groups.groups.map(g => g.preferredVersion?.groupVersion ?? ''),
    ].filter(Boolean);
    const kinds: ServedKind[] = [];
    for (const apiVersion of versions) {
      await this.describeKind(apiVersion, '');
      for (const r of this.apiVersionResourceCache[apiVersion]?.resources ??
        []) {
        if (!r.name.includes('/') && r.verbs.includes('list')) {
          kinds.push({ apiVersion, kind: r.kind, namespaced: r.namespaced });
        }
      }
    }
    return kinds;
  }
}
