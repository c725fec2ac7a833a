import { PromiseCache } from '../cache/PromiseCache';
import type {
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
} from '@kubernetes/client-node';
import { accessFromKubeConfig, ClusterAccess } from './ClusterAccess';
import { KubeHttp, KubernetesApiError } from './KubeHttp';

/**
 * A kind the API server serves, and whether its objects live in a namespace.
 *
 * @public
 */
export type ServedKind = {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
};

type ApiResource = {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
};

const APPLY_PATCH = 'application/apply-patch+yaml';
const MERGE_PATCH = 'application/merge-patch+json';
/** How long a cluster's version and group versions are reused. */
const CAPABILITIES_TTL_MS = 5 * 60_000;

/**
 * A cluster's version (`v1.34.4`) and the group versions it serves (`apps/v1`).
 *
 * @public
 */
export type ClusterCapabilities = {
  kubeVersion: string;
  apiVersions: string[];
};

/** A namespaced object without a namespace goes where kubectl would put it. */
const DEFAULT_NAMESPACE = 'default';

const apiVersionPath = (apiVersion: string) =>
  apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;

/**
 * The generic object client the engine works with: any kind by apiVersion
 * and kind, its resource path found through API discovery (cached per
 * group version). Objects are plain JSON, as the API server sends them.
 *
 * @public
 */
export class ObjectClient {
  private readonly discovery = new PromiseCache<ApiResource[]>();
  /** Listings shared by callers that accept one started at or after a time: see recentListing. */
  readonly listings = new PromiseCache<unknown>();
  private readonly served = new PromiseCache<ClusterCapabilities>({
    ttlMs: CAPABILITIES_TTL_MS,
  });

  constructor(private readonly http: KubeHttp) {}

  /** A client for one cluster, with fixed access (tests, a token that never changes). */
  static forCluster(access: ClusterAccess): ObjectClient {
    return new ObjectClient(new KubeHttp(access));
  }

  /** A client for the kubeconfig's current context. */
  static forConfig(kubeConfig: KubeConfig): ObjectClient {
    return new ObjectClient(
      new KubeHttp(() => accessFromKubeConfig(kubeConfig)),
    );
  }

  /** The live object of the given one's kind, namespace and name; throws KubernetesApiError (404) when there is none. */
  async read<T extends KubernetesObject>(object: T): Promise<T> {
    return this.http.request({
      method: 'GET',
      path: await this.objectPath(object),
    });
  }

  /**
   * Server-side apply, forcing ownership of the fields sent. A dry run
   * answers with what the object would become and writes nothing.
   */
  async apply(
    object: KubernetesObject,
    fieldManager: string,
    options: { dryRun?: boolean } = {},
  ): Promise<KubernetesObject> {
    return this.http.request({
      method: 'PATCH',
      path: await this.objectPath(object),
      query: {
        fieldManager,
        force: 'true',
        dryRun: options.dryRun ? 'All' : undefined,
      },
      contentType: APPLY_PATCH,
      body: object,
    });
  }

  /** A JSON merge patch; a metadata.resourceVersion in it is a precondition. */
  async mergePatch<T extends KubernetesObject>(patch: T): Promise<T> {
    return this.http.request({
      method: 'PATCH',
      path: await this.objectPath(patch),
      contentType: MERGE_PATCH,
      body: patch,
    });
  }

  /**
   * Replaces an object's status subresource. The object's resourceVersion
   * is the precondition: the API server answers 409 if anyone wrote the
   * object since it was read.
   */
  async replaceStatus<T extends KubernetesObject>(object: T): Promise<T> {
    return this.http.request({
      method: 'PUT',
      path: `${await this.objectPath(object)}/status`,
      body: object,
    });
  }

  /** Creates the object; throws KubernetesApiError (409) when it exists. */
  async create<T extends KubernetesObject>(object: T): Promise<T> {
    return this.http.request({
      method: 'POST',
      path: await this.collectionPath(
        object.apiVersion!,
        object.kind!,
        object.metadata?.namespace ?? DEFAULT_NAMESPACE,
      ),
      body: object,
    });
  }

  /** Deletes an object; dependents go in the background. */
  async delete(object: KubernetesObject): Promise<void> {
    await this.http.request({
      method: 'DELETE',
      path: await this.objectPath(object),
      query: { propagationPolicy: 'Background' },
    });
  }

  /** One page of the objects of a kind, in one namespace or (without it) all. */
  async list<T extends KubernetesObject = KubernetesObject>(
    apiVersion: string,
    kind: string,
    options: {
      namespace?: string;
      labelSelector?: string;
      fieldSelector?: string;
      limit?: number;
      continue?: string;
    } = {},
  ): Promise<KubernetesListObject<T>> {
    const { namespace, ...query } = options;
    return this.http.request({
      method: 'GET',
      path: await this.collectionPath(apiVersion, kind, namespace),
      query,
    });
  }

  /**
   * The metadata of every object of a kind, in one namespace or all, that
   * matches a label selector (or every one without it): the API server
   * leaves out spec and status.
   */
  async listMetadata(
    apiVersion: string,
    kind: string,
    labelSelector?: string,
    namespace?: string,
  ): Promise<Array<Pick<KubernetesObject, 'metadata'>>> {
    const list = await this.http.request<{
      items?: Array<Pick<KubernetesObject, 'metadata'>>;
    }>({
      method: 'GET',
      path: await this.collectionPath(apiVersion, kind, namespace),
      query: { labelSelector },
      accept:
        'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
    });
    return list.items ?? [];
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

  /**
   * The cluster's version and every group version it serves, as a chart's
   * `.Capabilities` sees them; read again after a few minutes.
   */
  capabilities(): Promise<ClusterCapabilities> {
    return this.served.get('', async () => {
      const version = await this.http.request<{ gitVersion: string }>({
        method: 'GET',
        path: '/version',
      });
      const core = await this.http.request<{ versions: string[] }>({
        method: 'GET',
        path: '/api',
      });
      const groups = await this.http.request<{
        groups: Array<{ versions: Array<{ groupVersion: string }> }>;
      }>({ method: 'GET', path: '/apis' });
      return {
        kubeVersion: version.gitVersion,
        apiVersions: [
          ...core.versions,
          ...groups.groups.flatMap(g => g.versions.map(v => v.groupVersion)),
        ].sort(),
      };
    });
  }

  /** Every kind the cluster serves at its preferred version that can be listed. */
  async listableKinds(): Promise<ServedKind[]> {
    const core = await this.http.request<{ versions: string[] }>({
      method: 'GET',
      path: '/api',
    });
    const groups = await this.http.request<{
      groups: Array<{ preferredVersion?: { groupVersion: string } }>;
    }>({ method: 'GET', path: '/apis' });
    const versions = [
      ...core.versions,
      ...groups.groups.map(g => g.preferredVersion?.groupVersion ?? ''),
    ].filter(Boolean);
    const kinds: ServedKind[] = [];
    for (const apiVersion of versions) {
      for (const r of await this.resources(apiVersion)) {
        if (!r.name.includes('/') && r.verbs?.includes('list')) {
          kinds.push({ apiVersion, kind: r.kind, namespaced: r.namespaced });
        }
      }
    }
    return kinds;
  }

  /**
   * The resource of a kind. A kind the cached discovery lacks is looked up
   * afresh: its CustomResourceDefinition may have been installed since.
   */
  private async resource(
    apiVersion: string,
    kind: string,
  ): Promise<ApiResource | undefined> {
    const find = (resources: ApiResource[]) =>
      resources.find(r => r.kind === kind && !r.name.includes('/'));
    return (
      find(await this.resources(apiVersion)) ??
      find(await this.resources(apiVersion, { refresh: true }))
    );
  }

  /** The group version's resources, from the cache unless `refresh` asks for them afresh. */
  private resources(
    apiVersion: string,
    options: { refresh?: boolean } = {},
  ): Promise<ApiResource[]> {
    return this.discovery.get(
      apiVersion,
      () =>
        this.http
          .request<{ resources: ApiResource[] }>({
            method: 'GET',
            path: apiVersionPath(apiVersion),
          })
          .then(list => list.resources),
      options,
    );
  }

  private async objectPath(object: KubernetesObject): Promise<string> {
    const name = object.metadata?.name;
    if (!name) {
      throw new Error(`${object.kind} without metadata.name`);
    }
    return `${await this.collectionPath(
      object.apiVersion ?? 'v1',
      object.kind!,
      object.metadata?.namespace ?? DEFAULT_NAMESPACE,
    )}/${encodeURIComponent(name)}`;
  }

  /** `namespace` is ignored for cluster-scoped kinds; without it a namespaced kind is listed across all. */
  private async collectionPath(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
  ): Promise<string> {
    const resource = await this.resource(apiVersion, kind);
    if (!resource) {
      throw new KubernetesApiError(
        404,
        JSON.stringify({
          message: `the cluster does not serve ${kind} in ${apiVersion}`,
        }),
        `${apiVersion} ${kind}`,
      );
    }
    const base = apiVersionPath(apiVersion);
    return resource.namespaced && namespace
      ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.name}`
      : `${base}/${resource.name}`;
  }
}
