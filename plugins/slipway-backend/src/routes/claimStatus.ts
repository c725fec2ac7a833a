import type { ClaimConflict } from '../claims/resolveClaims';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What the Delivery API says of who holds an environment's target: the
 * entity that holds it when this one may not deliver it, and the entities
 * contesting it when this one holds it.
 */
export function claimStatusOf(
  environment: string,
  conflicts: { refused: ClaimConflict[]; contested: ClaimConflict[] },
) {
  const refused = conflicts.refused.find(c => c.environment === environment);
  return {
    conflict: refused
      ? {
          heldBy: refused.heldBy.entityRef,
          reason: refused.reason,
          since: iso(refused.since),
        }
      : null,
    contestedBy: conflicts.contested
      .filter(c => c.heldBy.targetId.endsWith(`#${environment}`))
      .map(c => ({
        entityRef: c.entityRef,
        reason: c.reason,
        since: iso(c.since),
      })),
  };
}
