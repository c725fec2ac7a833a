import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { CanaryStore } from './CanaryStore';
import { DeliveryStore } from './DeliveryStore';
import { BACKEND_DEFAULTS } from '../config/backendConfig';
import { ImageAutomationStore } from './ImageAutomationStore';
import { ReleaseStore } from './ReleaseStore';

export const migrationsDir = resolvePackagePath(
  '@slipway/backstage-plugin-slipway-backend',
  'migrations',
);

/** Every store of the plugin, on one migrated database. */
export type SlipwayStores = {
  delivery: DeliveryStore;
  canaries: CanaryStore;
  imageAutomation: ImageAutomationStore;
  releases: ReleaseStore;
};

/**
 * The plugin's database, migrated (unless Backstage's `migrations.skip`
 * says a deploy step runs them) and tuned once, and every store on it: no
 * store depends on another having been made first.
 */
export async function openStores(
  database: DatabaseService,
  options: { releaseRetentionMs?: number } = {},
): Promise<SlipwayStores> {
  const db = await database.getClient();
  if (!database.migrations?.skip) {
    await db.migrate.latest({ directory: migrationsDir });
  }
  if (String(db.client.config.client).includes('sqlite')) {
    // Every run commits; with the default rollback journal each commit waits
    // for the disk, and a resync of a thousand targets waits on SQLite.
    await db.raw('PRAGMA journal_mode = WAL');
    await db.raw('PRAGMA synchronous = NORMAL');
  }
  return {
    delivery: new DeliveryStore(db),
    canaries: new CanaryStore(db),
    imageAutomation: new ImageAutomationStore(db),
    releases: new ReleaseStore(db, {
      retentionMs:
        options.releaseRetentionMs ?? BACKEND_DEFAULTS.releaseRetentionMs,
    }),
  };
}
