import { Knex } from 'knex';

/** No replica holds the row's lease, or its holder let it expire. */
export const leaseFree = (now: number) => (q: Knex.QueryBuilder) =>
  q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now);

/**
 * Takes the lease of up to `slots(cluster)` due rows of a table per cluster
 * and returns them whole. The update is atomic per row, so two replicas on
 * one database never hold the same row; rows another replica took since
 * they were read are not returned, and the next tick fills their slots.
 */
export async function claimDueRows(
  db: Knex,
  table: string,
  options: {
    owner: string;
    now: number;
    leaseMs: number;
    slots: Map<string, number>;
    /** Extra conditions, e.g. not suspended. */
    where?: (q: Knex.QueryBuilder) => Knex.QueryBuilder;
  },
): Promise<any[]> {
  const { owner, now, leaseMs } = options;
  const free = new Map(options.slots);
  const clusters = [...free.entries()].filter(([, n]) => n > 0);
  if (clusters.length === 0) {
    return [];
  }
  const where = options.where ?? (q => q);
  // Only what choosing needs: the status of a thousand due rows is megabytes.
  const candidates = await where(db(table).select('id', 'cluster'))
    .where('next_run_at', '<=', now)
    .whereIn(
      'cluster',
      clusters.map(([c]) => c),
    )
    .where(leaseFree(now))
    .orderBy('next_run_at')
    .limit(clusters.reduce((sum, [, n]) => sum + n, 0) * 4);
  const chosen: string[] = [];
  for (const row of candidates) {
    const left = free.get(row.cluster) ?? 0;
    if (left > 0) {
      free.set(row.cluster, left - 1);
      chosen.push(row.id);
    }
  }
  if (chosen.length === 0) {
    return [];
  }
  // The rows this update took, and only those (SQLite and PostgreSQL both return them).
  return where(db(table).whereIn('id', chosen))
    .where(leaseFree(now))
    .update({ lease_owner: owner, lease_expires_at: now + leaseMs })
    .returning('*');
}

/** Extends the leases `owner` holds on the rows, while their runs go on. */
export async function renewLeases(
  db: Knex,
  table: string,
  options: { owner: string; ids: string[]; expiresAt: number },
) {
  await db(table)
    .whereIn('id', options.ids)
    .where({ lease_owner: options.owner })
    .update({ lease_expires_at: options.expiresAt });
}
