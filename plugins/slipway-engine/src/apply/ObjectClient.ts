import {
  ApisApi,
  Configuration,
  CoreApi,
  HttpMethod,
  PatchStrategy,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  RequestContext,
  ResponseContext,
} from '@kubernetes/client-node';
import { reuseConnections } from './reuseConnections';

export type ServedKind = {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
};

const PREMATURE_CLOSE_ATTEMPTS = 3;

/** A response cut short, or a request sent on a kept-alive socket the server had just closed. */
const isPrematureClose = (error: unknown) =>
  /Premature close|socket hang up|ECONNRESET/.test(
    String((error as Error)?.message),
  );

/** The generic object client, plus the API discovery it already caches. */
export class ObjectClient extends KubernetesObjectApi {
  private kubeConfig?: KubeConfig;

  static forConfig(kubeConfig: KubeConfig): ObjectClient {
    const client = reuseConnections(kubeConfig).makeApiClient(ObjectClient);
    client.kubeConfig = kubeConfig;
    return client;
  }

  /**
   * Sends a request again when the connection dropped under it: a request
   * on a kept-alive socket the server just closed ("socket hang up"), or a
   * complete response reported as "Premature close", which Node 22.23's
   * keep-alive agent and node-fetch 2 (what the library sends with) do when
   * the server closes the socket right after it (nodejs/node#63989); under
   * load that hit one request in dozens. Every request Slipway makes is safe
   * to repeat: reads, server-side applies, and writes with a
   * resourceVersion precondition.
   */
  protected async requestPromise<T extends KubernetesObject>(
    context: RequestContext,
    type?: string,
    options?: Configuration,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await super.requestPromise<T>(context, type, options);
      } catch (error) {
        if (attempt >= PREMATURE_CLOSE_ATTEMPTS || !isPrematureClose(error)) {
          throw error;
        }
      }
    }
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

  /**
   * Server-side apply, forcing ownership of the fields sent. The body is the
   * object as JSON: the library's own patch first converts it through the
   * model class of its kind, which is slow and drops fields the model does
   * not know.
   */
  async apply(
    object: KubernetesObject,
    fieldManager: string,
    options: { dryRun?: boolean } = {},
  ): Promise<KubernetesObject> {
    const context = this.configuration.baseServer.makeRequestContext(
      await this.specUriPath(object, 'patch'),
      HttpMethod.PATCH,
    );
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('Content-Type', PatchStrategy.ServerSideApply);
    context.setQueryParam('fieldManager', fieldManager);
    context.setQueryParam('force', 'true');
    if (options.dryRun) {
      context.setQueryParam('dryRun', 'All');
    }
    context.setBody(JSON.stringify(object));
    return this.requestPromise(context);
  }

  /** A JSON merge patch; a metadata.resourceVersion in it is a precondition. */
  async mergePatch<T extends KubernetesObject>(patch: T): Promise<T> {
    const context = this.configuration.baseServer.makeRequestContext(
      await this.specUriPath(patch, 'patch'),
      HttpMethod.PATCH,
    );
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('Content-Type', PatchStrategy.MergePatch);
    context.setBody(JSON.stringify(patch));
    return this.requestPromise(context) as Promise<T>;
  }

  /**
   * Replaces an object's status subresource. The object's resourceVersion
   * is the precondition: the API server answers 409 if anyone wrote the
   * object since it was read.
   */
  async replaceStatus<T extends KubernetesObject>(object: T): Promise<T> {
    const context = this.configuration.baseServer.makeRequestContext(
      `${await this.specUriPath(object, 'replace')}/status`,
      HttpMethod.PUT,
    );
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('Content-Type', 'application/json');
    context.setBody(JSON.stringify(object));
    return this.requestPromise(context) as Promise<T>;
  }

  /**
   * The metadata of every object of a kind, in all namespaces, that matches
   * a label selector: the API server leaves out spec and status.
   */
  async listMetadata(
    apiVersion: string,
    kind: string,
    labelSelector: string,
  ): Promise<Array<Pick<KubernetesObject, 'metadata'>>> {
    const context = this.configuration.baseServer.makeRequestContext(
      await this.specUriPath({ apiVersion, kind, metadata: {} }, 'list'),
      HttpMethod.GET,
    );
    context.setHeaderParam(
      'Accept',
      'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
    );
    context.setQueryParam('labelSelector', labelSelector);
    const list = (await this.requestPromise(context)) as {
      items?: Array<Pick<KubernetesObject, 'metadata'>>;
    };
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
