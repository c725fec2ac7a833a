import { ConflictError, NotFoundError } from '@backstage/errors';
import type { DeliveryTarget } from '@slipway/backstage-plugin-slipway-common';
import {
  PromotionRequest,
  PromotionResult,
  promotionTargets,
} from '@slipway/backstage-plugin-slipway-node';
import { freezeOf, frozenSentence } from '../freeze/freezeOf';
import { holdSentence } from '../freeze/holdSentence';
import type { ReleaseStore } from '../store/ReleaseStore';
import type { DeliveryStore } from '../store/DeliveryStore';
import { TargetRecord, targetIdOf } from '../store/types';

/** A target an entity holds, as a request resolved it. */
export type HeldTarget = {
  entityRef: string;
  environment: string;
  id: string;
  /** Every target of the entity, in promotion order. */
  targets: DeliveryTarget[];
  record?: TargetRecord;
};

export type Promote = (
  request: Omit<PromotionRequest, 'environments'>,
) => Promise<PromotionResult>;

/** A target the catalog names but the reconciler has not stored yet (its first catalog read is due). */
export function requireRecord(target: {
  entityRef: string;
  environment: string;
  record?: TargetRecord;
}): TargetRecord {
  if (!target.record) {
    throw new ConflictError(
      `${target.entityRef} in ${target.environment} is not known to the reconciler yet; try again in a moment`,
    );
  }
  return target.record;
}

/**
 * What may be done to a delivery target, and the rules for it: a suspended
 * target does not sync, a promotion takes what a Ready source applied, a
 * prune runs only for the set a person saw. The REST routes call these
 * after their permission check; the scaffolder's actions reach them
 * through those routes, so each rule exists once.
 */
export class TargetActions {
  constructor(
    private readonly store: DeliveryStore,
    private readonly promoteChange?: Promote,
    private readonly releases?: ReleaseStore,
  ) {}

  async sync(target: HeldTarget): Promise<void> {
    if (requireRecord(target).suspended) {
      throw new ConflictError(
        `${target.entityRef} in ${target.environment} is suspended; resume it first`,
      );
    }
    await this.store.requestSync({ ids: [target.id] }, 'manual', Date.now());
  }

  async setSuspended(
    target: HeldTarget,
    suspended: boolean,
    by: string,
  ): Promise<void> {
    requireRecord(target);
    await this.store.setSuspended(target.id, suspended, by);
  }

  /**
   * A promotion does not carry on images held in the source or the
   * destination (a failed canary, a rollback) until the hold is released.
   */
  private async refuseHeld(
    target: HeldTarget,
    source: { from: string; revision: string },
  ) {
    const sourceId = targetIdOf(target.entityRef, source.from);
    const release = await this.releases?.ofRevision(sourceId, source.revision);
    for (const image of release?.images ?? []) {
      for (const [id, environment] of [
        [sourceId, source.from],
        [target.id, target.environment],
      ]) {
        const held = await this.releases!.heldImage(id, image);
        if (held) {
          throw new ConflictError(
            `${holdSentence(
              image,
              environment,
              held.hold,
            )}; release the hold on the Delivery tab to promote it`,
          );
        }
      }
    }
  }

  /** Freezes the target until `until`: new revisions wait, drift is still corrected. */
  async freeze(
    target: HeldTarget,
    freeze: { until: Date; reason: string; by: string },
  ): Promise<void> {
    requireRecord(target);
    await this.store.setFrozen(target.id, {
      since: Date.now(),
      until: freeze.until.getTime(),
      by: freeze.by,
      reason: freeze.reason,
    });
  }

  /** Ends a person's freeze of the target; a window of the environment stays. */
  async unfreeze(target: HeldTarget): Promise<void> {
    const record = requireRecord(target);
    if (!record.manualFreeze || record.manualFreeze.until <= Date.now()) {
      const freeze = freezeOf(record, new Date());
      throw new ConflictError(
        freeze
          ? `${frozenSentence(
              target.environment,
              freeze,
            )}: a window of the environment, set in app-config, not by a person`
          : `${target.entityRef} is not frozen in ${target.environment}`,
      );
    }
    await this.store.setFrozen(target.id, null);
  }

  /**
   * Applies the revision that waits for the freeze to end, once. Refused
   * when nothing waits, or when what waits is not the revision the person
   * saw.
   */
  async breakGlass(
    target: HeldTarget,
    revision: string,
    by: string,
  ): Promise<void> {
    const freeze = freezeOf(requireRecord(target), new Date());
    if (!freeze?.waiting) {
      throw new ConflictError(
        freeze
          ? `Nothing waits for the freeze in ${target.environment}`
          : `${target.entityRef} is not frozen in ${target.environment}: nothing to break the glass for`,
      );
    }
    if (freeze.waiting.revision !== revision) {
      throw new ConflictError(
        `${freeze.waiting.revision.slice(0, 12)} waits in ${
          target.environment
        } now, not ${revision.slice(0, 12)}; look at it again`,
      );
    }
    await this.store.breakGlass(target.id, revision, by);
  }

  /** The prune a person is asked to confirm, or undefined when none waits. */
  pendingPrune(target: HeldTarget) {
    return requireRecord(target).status?.pendingPrune;
  }

  async confirmPrune(
    target: HeldTarget,
    hash: string,
    by: string,
  ): Promise<void> {
    const pending = this.pendingPrune(target);
    if (!(await this.store.confirmPrune(target.id, hash, by))) {
      throw new ConflictError(
        pending
          ? `The prune waiting in ${target.environment} is not the one confirmed (it now deletes ${pending.objects.length} objects, hash ${pending.hash}); look at it again`
          : `No prune waits for confirmation in ${target.environment}`,
      );
    }
  }

  /**
   * The source of a promotion into the target and the revision it applied;
   * refused unless the source is Ready.
   */
  async promotionSource(target: HeldTarget, from?: string) {
    const source = promotionTargets(
      target.targets,
      target.environment,
      from,
    ).from;
    const record = requireRecord({
      entityRef: target.entityRef,
      environment: source.environment,
      record: await this.store.target(
        targetIdOf(target.entityRef, source.environment),
      ),
    });
    const ready = record.status?.conditions?.find(c => c.type === 'Ready');
    const revision = record.status?.lastAppliedRevision;
    if (!revision || ready?.status !== 'True') {
      throw new ConflictError(
        `${source.environment} is not ready to promote from${
          ready ? ` (${ready.reason}: ${ready.message})` : ''
        }; promote once it has applied a revision and is healthy`,
      );
    }
    return { from: source.environment, revision };
  }

  async promote(
    target: HeldTarget,
    source: { from: string; revision: string },
    by?: string,
    reason?: string,
  ): Promise<PromotionResult> {
    if (!this.promoteChange) {
      throw new NotFoundError('Promotion is not available on this backend');
    }
    const freeze = freezeOf(requireRecord(target), new Date());
    if (freeze) {
      throw new ConflictError(
        `${frozenSentence(
          target.environment,
          freeze,
        )}: promotions wait until it ends`,
      );
    }
    await this.refuseHeld(target, source);
    const result = await this.promoteChange({
      targets: target.targets,
      from: source.from,
      to: target.environment,
      revision: source.revision,
      reason,
      by,
    });
    if (result.changed && result.mode === 'commit') {
      await this.store.requestSync({ ids: [target.id] }, 'manual', Date.now());
    }
    return result;
  }
}
