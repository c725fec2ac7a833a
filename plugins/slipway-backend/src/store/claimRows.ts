import { Knex } from 'knex';
import type { Claim, ClaimConflict } from '../claims/resolveClaims';

export const CLAIMS = 'slipway_claims';
export const CONFLICTS = 'slipway_claim_conflicts';

export const toClaim = (row: any): Claim => ({
  targetId: row.target_id,
  entityRef: row.entity_ref,
  environment: row.environment,
  service: row.service,
  repository: row.repository,
  branch: row.branch,
  path: row.path,
  claimedAt: Number(row.claimed_at),
});

export const toConflict = (row: any): ClaimConflict => ({
  targetId: row.target_id,
  entityRef: row.entity_ref,
  environment: row.environment,
  heldBy: { targetId: row.held_by_target, entityRef: row.held_by_entity },
  reason: row.reason,
  since: Number(row.since),
});

async function replaceAll(
  tx: Knex.Transaction,
  table: string,
  rows: object[],
): Promise<void> {
  await tx(table).delete();
  for (let i = 0; i < rows.length; i += 100) {
    await tx(table).insert(rows.slice(i, i + 100));
  }
}

/** Makes the stored claims and conflicts exactly these (one catalog pass decides them all). */
export async function writeClaims(
  tx: Knex.Transaction,
  claims: Claim[],
  conflicts: ClaimConflict[],
): Promise<void> {
  await replaceAll(
    tx,
    CLAIMS,
    claims.map(c => ({
      target_id: c.targetId,
      entity_ref: c.entityRef,
      environment: c.environment,
      service: c.service,
      repository: c.repository,
      branch: c.branch,
      path: c.path,
      claimed_at: c.claimedAt,
    })),
  );
  await replaceAll(
    tx,
    CONFLICTS,
    conflicts.map(c => ({
      target_id: c.targetId,
      entity_ref: c.entityRef,
      environment: c.environment,
      held_by_target: c.heldBy.targetId,
      held_by_entity: c.heldBy.entityRef,
      reason: c.reason,
      since: c.since,
    })),
  );
}
