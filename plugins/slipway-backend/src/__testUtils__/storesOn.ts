import { mockServices } from '@backstage/backend-test-utils';
import { LocalPostgres } from '@slipway/local-cluster';
import knexFactory, { Knex } from 'knex';
import { openStores } from '../store/openStores';

/** The databases Slipway runs on: SQLite (the default) and PostgreSQL (the Debian package, started here). */
export const DATABASES = ['better-sqlite3', 'pg'] as const;

/** Slipway's stores on a fresh, migrated database of that client; `close` ends it. */
export async function storesOn(
  client: (typeof DATABASES)[number],
  options: Parameters<typeof openStores>[1] = {},
) {
  const postgres = client === 'pg' ? await LocalPostgres.start() : undefined;
  const db: Knex = knexFactory(
    postgres
      ? { client, connection: postgres.connection }
      : { client, connection: ':memory:', useNullAsDefault: true },
  );
  const stores = await openStores(
    mockServices.database.mock({ getClient: async () => db }),
    options,
  );
  return {
    db,
    stores,
    close: async () => {
      await db.destroy();
      await postgres?.stop();
    },
  };
}
