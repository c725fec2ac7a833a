import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CanaryAction,
  CanaryItem,
  CanaryRunDetail,
  DeliveryDiff,
  DeliveryStatus,
  DeliveryTarget,
  PromotionResponse,
  Reconciliation,
} from '@slipway/backstage-plugin-slipway-common';

export type { CanaryAction, DeliveryTarget };

/** @public */
export type DeliveryAction = 'sync' | 'suspend' | 'resume';

/**
 * Where one environment of an entity is: what the per-environment calls take.
 *
 * @public
 */
export type EnvironmentRef = { entity: CompoundEntityRef; environment: string };

/** @public */
export interface SlipwayApi {
  getDeliveryTargets(entity: CompoundEntityRef): Promise<DeliveryTarget[]>;
  /** One per environment, in promotion order. */
  getDelivery(entity: CompoundEntityRef): Promise<DeliveryStatus[]>;
  getHistory(
    target: EnvironmentRef,
    options?: { limit?: number },
  ): Promise<Reconciliation[]>;
  getDiff(target: EnvironmentRef): Promise<DeliveryDiff>;
  requestDeliveryAction(
    target: EnvironmentRef,
    action: DeliveryAction,
    reason?: string,
  ): Promise<void>;
  /** Confirms the held-back prune named by its hash: its objects are deleted on the next run. */
  confirmPrune(
    target: EnvironmentRef,
    hash: string,
    reason: string,
  ): Promise<void>;
  /** Promotes the previous environment's version into this one, as a Git change. */
  promote(target: EnvironmentRef, reason?: string): Promise<PromotionResponse>;
  getCanaries(entity: CompoundEntityRef): Promise<CanaryItem[]>;
  getCanaryRun(
    target: EnvironmentRef,
    canary: string,
    runId: string,
  ): Promise<CanaryRunDetail>;
  requestCanaryAction(
    target: EnvironmentRef,
    canary: string,
    action: CanaryAction,
    reason?: string,
  ): Promise<void>;
}

/** @public */
export const slipwayApiRef = createApiRef<SlipwayApi>({ id: 'plugin.slipway' });
