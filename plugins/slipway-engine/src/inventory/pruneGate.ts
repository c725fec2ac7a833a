import { createHash } from 'node:crypto';
import type { ObjectRef } from '../apply/serverSideApply';
import { objectKey } from './objectKey';

/**
 * When a prune waits for a person instead of running.
 *
 * @public
 */
export type PruneLimits = {
  /** More than this share of the previous inventory (0.5: more than half). */
  confirmAboveFraction: number;
  /** More than this many objects, whatever the share. */
  confirmAboveCount: number;
};

/**
 * A prune deleting more than half of a target's objects, or more than 20, waits for a confirmation.
 *
 * @public
 */
export const DEFAULT_PRUNE_LIMITS: PruneLimits = {
  confirmAboveFraction: 0.5,
  confirmAboveCount: 20,
};

/**
 * A prune held back until someone confirms exactly these objects.
 *
 * @public
 */
export type PendingPrune = {
  objects: ObjectRef[];
  /** Names this set of objects: a confirmation holds only for the set it was given for. */
  hash: string;
  /** How many objects the target had before. */
  of: number;
  /** When it was first held back. */
  since: string;
};

/**
 * The hash a confirmation must carry for this set of objects.
 *
 * @public
 */
export function pruneHash(objects: ObjectRef[]): string {
  return createHash('sha256')
    .update(objects.map(objectKey).sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Whether deleting `leaving` out of `previousCount` objects is large enough
 * to wait for a person, and it has not been confirmed for exactly this set.
 */
export function heldPrune(
  leaving: ObjectRef[],
  previousCount: number,
  options: {
    limits?: PruneLimits;
    confirmedHash?: string;
    previous?: PendingPrune;
    now: Date;
  },
): PendingPrune | undefined {
  const limits = options.limits ?? DEFAULT_PRUNE_LIMITS;
  const large =
    leaving.length > limits.confirmAboveCount ||
    leaving.length > limits.confirmAboveFraction * previousCount;
  const hash = pruneHash(leaving);
  if (leaving.length === 0 || !large || options.confirmedHash === hash) {
    return undefined;
  }
  return {
    objects: leaving,
    hash,
    of: previousCount,
    since:
      options.previous?.hash === hash
        ? options.previous.since
        : options.now.toISOString(),
  };
}
