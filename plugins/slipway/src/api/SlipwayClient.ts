import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type {
  CanaryItem,
  CanaryRunDetail,
  DeliveryDiff,
  ReleaseDiff,
  DeliveryStatus,
  PromotionResponse,
  DeliveryTarget,
  Reconciliation,
  DoraFigures,
  DoraRow,
  Release,
  RollbackPreview,
  RollbackResponse,
} from '@slipway/backstage-plugin-slipway-common';
import type {
  CanaryAction,
  DeliveryAction,
  EnvironmentRef,
  SlipwayApi,
} from './SlipwayApi';

/**
 * An answer the backend refused, with its status and the backend's own message.
 *
 * @public
 */
export class SlipwayRequestError extends Error {
  constructor(
    message: string,
    /** The backend's HTTP status. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'SlipwayRequestError';
  }
}

const segment = (s: string) => encodeURIComponent(s.toLocaleLowerCase('en-US'));
const entityPath = (e: CompoundEntityRef) =>
  `entities/${segment(e.kind)}/${segment(e.namespace)}/${segment(e.name)}`;
const environmentPath = (t: EnvironmentRef) =>
  `${entityPath(t.entity)}/environments/${encodeURIComponent(t.environment)}`;

/**
 * Talks to the slipway backend plugin over the Backstage fetch API. Reads
 * are conditional (`If-None-Match`), so a page polling for live status gets
 * `304 Not Modified`, and the very same object back, while nothing changed.
 *
 * @public
 */
export class SlipwayClient implements SlipwayApi {
  private readonly lastReads = new Map<string, { etag: string; body: any }>();

  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  /** {@inheritDoc SlipwayApi.getDeliveryTargets} */
  async getDeliveryTargets(entity: CompoundEntityRef) {
    return (await this.read(`${entityPath(entity)}/targets`))
      .items as DeliveryTarget[];
  }

  /** {@inheritDoc SlipwayApi.getDelivery} */
  async getDelivery(entity: CompoundEntityRef) {
    return (await this.read(`${entityPath(entity)}/delivery`))
      .items as DeliveryStatus[];
  }

  /** {@inheritDoc SlipwayApi.getDora} */
  async getDora(entity: CompoundEntityRef, days = 30) {
    return (await this.read(`${entityPath(entity)}/dora?days=${days}`))
      .items as DoraFigures[];
  }

  /** {@inheritDoc SlipwayApi.getDoraOverview} */
  async getDoraOverview(days = 30) {
    return (await this.read(`dora?days=${days}`)).items as DoraRow[];
  }

  /** {@inheritDoc SlipwayApi.getReleases} */
  async getReleases(
    entity: CompoundEntityRef,
    options?: { environment?: string },
  ) {
    const query = options?.environment
      ? `?environment=${encodeURIComponent(options.environment)}`
      : '';
    return (await this.read(`${entityPath(entity)}/releases${query}`))
      .items as Release[];
  }

  /** {@inheritDoc SlipwayApi.previewRollback} */
  async previewRollback(target: EnvironmentRef, releaseId: number) {
    return (await this.read(
      `${environmentPath(target)}/rollback/${releaseId}`,
    )) as RollbackPreview;
  }

  /** {@inheritDoc SlipwayApi.rollback} */
  async rollback(
    target: EnvironmentRef,
    releaseId: number,
    reason: string,
    options?: { skipAnalysis?: boolean },
  ) {
    return (await this.post(`${environmentPath(target)}/rollback`, {
      releaseId,
      reason,
      ...(options?.skipAnalysis && { skipAnalysis: true }),
    })) as RollbackResponse;
  }

  /** {@inheritDoc SlipwayApi.getHistory} */
  async getHistory(target: EnvironmentRef, options?: { limit?: number }) {
    const query = options?.limit ? `?limit=${options.limit}` : '';
    return (await this.read(`${environmentPath(target)}/history${query}`))
      .items as Reconciliation[];
  }

  /** {@inheritDoc SlipwayApi.getReleaseDiff} */
  async getReleaseDiff(target: EnvironmentRef, releaseId: number) {
    return (await this.read(
      `${environmentPath(target)}/releases/${releaseId}/diff`,
    )) as ReleaseDiff;
  }

  /** {@inheritDoc SlipwayApi.getDiff} */
  async getDiff(target: EnvironmentRef) {
    return (await this.read(`${environmentPath(target)}/diff`)) as DeliveryDiff;
  }

  /** {@inheritDoc SlipwayApi.requestDeliveryAction} */
  async requestDeliveryAction(
    target: EnvironmentRef,
    action: DeliveryAction,
    reason?: string,
  ) {
    await this.post(`${environmentPath(target)}/${action}`, { reason });
  }

  /** {@inheritDoc SlipwayApi.freeze} */
  async freeze(target: EnvironmentRef, until: Date, reason: string) {
    await this.post(`${environmentPath(target)}/freeze`, {
      until: until.toISOString(),
      reason,
    });
  }

  /** {@inheritDoc SlipwayApi.breakGlass} */
  async breakGlass(target: EnvironmentRef, revision: string, reason: string) {
    await this.post(`${environmentPath(target)}/break-glass`, {
      revision,
      reason,
    });
  }

  /** {@inheritDoc SlipwayApi.releaseHold} */
  async releaseHold(target: EnvironmentRef, releaseId: number, reason: string) {
    await this.post(`${environmentPath(target)}/holds/${releaseId}/release`, {
      reason,
    });
  }

  /** {@inheritDoc SlipwayApi.confirmPrune} */
  async confirmPrune(target: EnvironmentRef, hash: string, reason: string) {
    await this.post(`${environmentPath(target)}/prune/confirm`, {
      hash,
      reason,
    });
  }

  /** {@inheritDoc SlipwayApi.promote} */
  async promote(target: EnvironmentRef, reason?: string) {
    return (await this.post(`${environmentPath(target)}/promote`, {
      reason,
    })) as PromotionResponse;
  }

  /** {@inheritDoc SlipwayApi.getCanaries} */
  async getCanaries(entity: CompoundEntityRef) {
    return (await this.read(`${entityPath(entity)}/canaries`))
      .items as CanaryItem[];
  }

  /** {@inheritDoc SlipwayApi.getCanaryRun} */
  async getCanaryRun(target: EnvironmentRef, canary: string, runId: string) {
    return (await this.read(
      `${environmentPath(target)}/canaries/${encodeURIComponent(
        canary,
      )}/runs/${encodeURIComponent(runId)}`,
    )) as CanaryRunDetail;
  }

  /** {@inheritDoc SlipwayApi.requestCanaryAction} */
  async requestCanaryAction(
    target: EnvironmentRef,
    canary: string,
    action: CanaryAction,
    reason?: string,
  ) {
    await this.post(
      `${environmentPath(target)}/canaries/${encodeURIComponent(
        canary,
      )}/${action}`,
      { reason },
    );
  }

  private async urlOf(path: string) {
    return `${await this.deps.discoveryApi.getBaseUrl('slipway')}/${path}`;
  }

  private async read(path: string): Promise<any> {
    const url = await this.urlOf(path);
    const last = this.lastReads.get(url);
    const res = await this.deps.fetchApi.fetch(url, {
      cache: 'no-store',
      headers: last ? { 'If-None-Match': last.etag } : {},
    });
    if (res.status === 304 && last) {
      return last.body;
    }
    const body = await this.parse(res);
    const etag = res.headers.get('etag');
    if (etag) {
      this.lastReads.set(url, { etag, body });
    }
    return body;
  }

  private async post(
    path: string,
    body: Record<string, string | number | boolean | undefined>,
  ) {
    const url = await this.urlOf(path);
    const res = await this.deps.fetchApi.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // An empty reason is no reason: left out, as JSON.stringify leaves out undefined.
      body: JSON.stringify({ ...body, reason: body.reason || undefined }),
    });
    return this.parse(res);
  }

  private async parse(res: Response) {
    if (!res.ok) {
      const body = await res.json().catch(() => undefined);
      throw new SlipwayRequestError(
        body?.error?.message ??
          `Slipway backend answered ${res.status} ${res.statusText}`,
        res.status,
      );
    }
    return res.json();
  }
}
