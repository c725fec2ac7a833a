import { createTestRepository } from '@slipway/engine/testUtils';
import {
  acquireTestNamespace,
  LocalPostgres,
  TestNamespace,
} from '@slipway/local-cluster';
import knex, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  component,
  engineClusterConfig,
  eventually,
  pushWebhook,
  startDeliveryBackend,
} from './__testUtils__/deliveryBackend';

jest.setTimeout(240_000);

const SECRET = 'replica-secret';
const SERVICES = ['one', 'two', 'three', 'four', 'five', 'six'];

/**
 * Two backend replicas on one PostgreSQL (the Debian package, started here)
 * reconcile the same targets: pushes reach both at the same instant, and
 * still each target runs once per push, never on both replicas at once.
 */
describe('two backend replicas sharing a PostgreSQL', () => {
  let postgres: LocalPostgres;
  let testNamespace: TestNamespace;
  let work: string;
  let repo: ReturnType<typeof createTestRepository>;
  let db: Knex;
  const backends: Array<{ server: any; stop(): Promise<void> }> = [];

  const commitAll = (version: number) =>
    repo.commit(
      Object.fromEntries(
        SERVICES.map(s => [
          `clusters/staging/${s}/config.yaml`,
          `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${s}\ndata:\n  version: "${version}"\n`,
        ]),
      ),
      `v${version}`,
    );
  const pushTo = (server: any) =>
    pushWebhook(server, { secret: SECRET, repository: repo.dir });
  const allAt = (revision: string) =>
    eventually(`every target at ${revision.slice(0, 8)}`, async () => {
      const rows = await db('slipway_targets').select('status');
      return (
        rows.length === SERVICES.length &&
        rows.every(
          r => JSON.parse(r.status ?? '{}').lastAppliedRevision === revision,
        )
      );
    });

  beforeAll(async () => {
    postgres = await LocalPostgres.start();
    testNamespace = await acquireTestNamespace('replicas');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-replicas-'));
    repo = createTestRepository(path.join(work, 'config'));
    commitAll(1);
    const cluster = await engineClusterConfig(testNamespace.kubeConfig, [
      testNamespace.namespace,
    ]);
    for (let i = 0; i < 2; i++) {
      backends.push(
        await startDeliveryBackend({
          cluster,
          database: { client: 'pg', connection: postgres.connection },
          environments: [
            {
              name: 'staging',
              cluster: 'local',
              repository: repo.dir,
              namespaces: [testNamespace.namespace],
              interval: 300, // only pushes make targets due in this test
            },
          ],
          entities: SERVICES.map(s => component(s, 'staging')),
          webhookSecret: SECRET,
        }),
      );
    }
    db = knex({
      client: 'pg',
      connection: {
        ...postgres.connection,
        database: 'backstage_plugin_slipway',
      },
    });
  });
  afterAll(async () => {
    await db?.destroy();
    for (const backend of backends) {
      await backend.stop();
    }
    await testNamespace?.release();
    await postgres?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs each target on one replica at a time, once per push', async () => {
    await allAt(repo.git('rev-parse', 'HEAD'));
    const before = Number(
      (await db('slipway_reconciliations').max('id as max'))[0].max,
    );

    for (let version = 2; version <= 4; version++) {
      const revision = commitAll(version);
      const responses = await Promise.all(backends.map(b => pushTo(b.server)));
      expect(responses.map(r => r.status)).toEqual([202, 202]);
      await allAt(revision);
    }

    const runs = await db('slipway_reconciliations')
      .where('id', '>', before)
      .orderBy('started_at');
    const byTarget = new Map<string, typeof runs>();
    for (const run of runs) {
      byTarget.set(run.target_id, [
        ...(byTarget.get(run.target_id) ?? []),
        run,
      ]);
    }
    expect(byTarget.size).toBe(SERVICES.length);
    for (const [target, targetRuns] of byTarget) {
      // One run per push: the replica that lost the race for the lease skipped it.
      expect({ target, runs: targetRuns.length }).toEqual({ target, runs: 3 });
      for (let i = 1; i < targetRuns.length; i++) {
        expect(Number(targetRuns[i].started_at)).toBeGreaterThanOrEqual(
          Number(targetRuns[i - 1].finished_at),
        );
      }
    }
    // Both replicas did part of the work.
    expect(new Set(runs.map(r => r.replica)).size).toBe(2);
  });
});
