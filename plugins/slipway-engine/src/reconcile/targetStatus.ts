import type { RenderedChart } from '../render/renderDirectory';
import type { AppliedObject, ObjectRef } from '../apply/serverSideApply';
import type { ObjectHealth } from '../health/objectHealth';
import type { PendingPrune } from '../inventory/pruneGate';
import type { Condition } from './conditions';

/**
 * What the engine knows of one (service, environment) between reconciles.
 *
 * @public
 */
export type TargetStatus = {
  /** The revision the last attempt fetched, whether or not it applied. */
  lastAttemptedRevision?: string;
  /** The revision whose objects are in the cluster now. */
  lastAppliedRevision?: string;
  /** When lastAppliedRevision was first applied: the progress deadline counts from here. */
  appliedAt?: string;
  /** The commit of lastAttemptedRevision: the head of the branch, whatever it changed. */
  commit?: CommitInfo;
  /**
   * Hash of the objects Git renders for this target at lastAppliedRevision:
   * a new revision that renders the same is a change elsewhere in the repository.
   */
  renderedHash?: string;
  /**
   * The applied revision that last changed what this target renders (its
   * own files, or a shared base they read), and its commit.
   */
  lastChange?: { revision: string; commit?: CommitInfo };
  /**
   * A newer revision that changes this target and waits while it is frozen
   * (the applied revision is kept, drift still corrected).
   */
  waiting?: { revision: string; commit?: CommitInfo };
  inventory: ObjectRef[];
  health: Array<{ ref: ObjectRef } & ObjectHealth>;
  conditions: Condition[];
  /** Fields that differed from Git on a resync of the applied revision. */
  drift?: DriftRecord;
  /** Objects that left Git but wait for a person to confirm their deletion (they stay in the inventory). */
  pendingPrune?: PendingPrune;
  /** The chart a chart release applied: name, version, where from. */
  chart?: RenderedChart;
  /** Chart hook Jobs that completed, by `Kind/namespace/name`, with the hash of what ran: each runs once. */
  completedHooks?: Record<string, string>;
};

/**
 * A commit as a target's status names it.
 *
 * @public
 */
export type CommitInfo = {
  message: string;
  author: string;
  committedAt: string;
};

/**
 * The drift a reconcile found, and whether it put the fields back.
 *
 * @public
 */
export type DriftRecord = {
  detectedAt: string;
  /** False when the target is detect-only: the cluster still differs. */
  corrected: boolean;
  objects: Array<{ ref: ObjectRef; fields: AppliedObject['diff'] }>;
};

/**
 * The status of a target that has never been reconciled.
 *
 * @public
 */
export const EMPTY_STATUS: TargetStatus = {
  inventory: [],
  health: [],
  conditions: [],
};

/**
 * Objects of the last apply are still rolling out: health is checked again soon.
 *
 * @public
 */
export const isRollingOut = (status: TargetStatus) =>
  status.conditions.some(c => c.type === 'Reconciling' && c.status === 'True');
