import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CanaryAction,
  CanaryItem,
  CanaryRunDetail,
  DeliveryDiff,
  ReleaseDiff,
  DeliveryStatus,
  DeliveryTarget,
  DoraFigures,
  DoraRow,
  PromotionResponse,
  Reconciliation,
  Release,
  RollbackPreview,
  RollbackResponse,
} from '@slipway/backstage-plugin-slipway-common';

export type { CanaryAction, DeliveryTarget };

/**
 * What a person may do to an environment from the Delivery tab: sync now, suspend, resume.
 *
 * @public
 */
export type DeliveryAction = 'sync' | 'suspend' | 'resume' | 'unfreeze';

/**
 * Where one environment of an entity is: what the per-environment calls take.
 *
 * @public
 */
export type EnvironmentRef = { entity: CompoundEntityRef; environment: string };

/**
 * The Slipway backend's API as the tabs and the card use it; every call is permissioned by the backend.
 *
 * @public
 */
export interface SlipwayApi {
  /** The entity's delivery targets (one per environment), as the backend stores them. */
  getDeliveryTargets(entity: CompoundEntityRef): Promise<DeliveryTarget[]>;
  /** One per environment, in promotion order. */
  getDelivery(entity: CompoundEntityRef): Promise<DeliveryStatus[]>;
  /** The releases of the entity's services, newest first; one environment's when named. */
  getReleases(
    entity: CompoundEntityRef,
    options?: { environment?: string },
  ): Promise<Release[]>;
  /** The entity's DORA figures per environment over the last `days` (30 by default). */
  getDora(entity: CompoundEntityRef, days?: number): Promise<DoraFigures[]>;
  /** DORA figures of every service the user may read, one row per environment. */
  getDoraOverview(days?: number): Promise<DoraRow[]>;
  /** What rolling the environment back to a release would change (Secret values masked). */
  previewRollback(
    target: EnvironmentRef,
    releaseId: number,
  ): Promise<RollbackPreview>;
  /**
   * Rolls the environment back to a release as a Git change; the reason goes
   * to the audit log and the commit. With `skipAnalysis`, a release that
   * passed its canary is promoted without analysing it again.
   */
  rollback(
    target: EnvironmentRef,
    releaseId: number,
    reason: string,
    options?: { skipAnalysis?: boolean },
  ): Promise<RollbackResponse>;
  /** The environment's last reconciles, newest first. */
  getHistory(
    target: EnvironmentRef,
    options?: { limit?: number },
  ): Promise<Reconciliation[]>;
  /** What a release changed in the service's rendered objects, against the release before it (masked values as hashes). */
  getReleaseDiff(
    target: EnvironmentRef,
    releaseId: number,
  ): Promise<ReleaseDiff>;
  /** What the next reconcile would change in the environment, field by field (Secret values masked). */
  getDiff(target: EnvironmentRef): Promise<DeliveryDiff>;
  /** Syncs, suspends, resumes or unfreezes the environment; the reason goes to the audit log. */
  requestDeliveryAction(
    target: EnvironmentRef,
    action: DeliveryAction,
    reason?: string,
  ): Promise<void>;
  /** Freezes the service in the environment until `until`: new revisions, promotions and image automation wait. */
  freeze(target: EnvironmentRef, until: Date, reason: string): Promise<void>;
  /** Applies the one revision that waits while the environment is frozen (break-glass). */
  breakGlass(
    target: EnvironmentRef,
    revision: string,
    reason: string,
  ): Promise<void>;
  /** Lets image automation and promotion bring a held release's images to the environment again. */
  releaseHold(
    target: EnvironmentRef,
    releaseId: number,
    reason: string,
  ): Promise<void>;
  /** Confirms the held-back prune named by its hash: its objects are deleted on the next run. */
  confirmPrune(
    target: EnvironmentRef,
    hash: string,
    reason: string,
  ): Promise<void>;
  /** Promotes the previous environment's version into this one, as a Git change. */
  promote(target: EnvironmentRef, reason?: string): Promise<PromotionResponse>;
  /** Each Canary of the entity, in every environment, with its current run. */
  getCanaries(entity: CompoundEntityRef): Promise<CanaryItem[]>;
  /** One past or current run of a Canary, with its steps, checks and events. */
  getCanaryRun(
    target: EnvironmentRef,
    canary: string,
    runId: string,
  ): Promise<CanaryRunDetail>;
  /** Promotes, aborts, retries, pauses or resumes the Canary's run; the reason goes to the audit log. */
  requestCanaryAction(
    target: EnvironmentRef,
    canary: string,
    action: CanaryAction,
    reason?: string,
  ): Promise<void>;
}

/**
 * The app's {@link SlipwayApi}.
 *
 * @public
 */
export const slipwayApiRef = createApiRef<SlipwayApi>({ id: 'plugin.slipway' });
