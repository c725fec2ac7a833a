import knexFactory, { Knex } from 'knex';
import { migrationsDir } from './openStores';

const secretDiff = {
  ref: { apiVersion: 'v1', kind: 'Secret', namespace: 's', name: 'db' },
  action: 'configured',
  diff: [
    {
      path: 'data.password',
      before: 'b2xkLXZhbHVl',
      after: 'bmV3LXZhbHVl',
      managers: [],
    },
  ],
};
const createdSecret = {
  ref: { apiVersion: 'v1', kind: 'Secret', namespace: 's', name: 'api' },
  action: 'created',
  diff: [
    {
      path: '',
      after: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'api' },
        stringData: { token: 'plain-token' },
      },
      managers: [],
    },
  ],
};
const configMap = {
  ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 's', name: 'c' },
  action: 'configured',
  diff: [{ path: 'data.level', before: 'info', after: 'debug', managers: [] }],
};

/** History and drift stored before masking lose their Secret values when the masking migration runs. */
describe('the masking migration', () => {
  let db: Knex;
  beforeEach(async () => {
    db = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await db.migrate.latest({ directory: migrationsDir });
    // Back to the state before masking; later migrations stay.
    await db.migrate.down({
      directory: migrationsDir,
      name: '20261202000000_masking.js',
    });
  });
  afterEach(() => db.destroy());

  it('replaces Secret values in history and drift, keeps keys and other kinds, and drops credentials from stored URLs', async () => {
    await db('slipway_targets').insert({
      id: 't',
      entity_ref: 'component:default/s',
      environment: 'staging',
      cluster: 'local',
      repository: 'https://ada:t0ken-in-url@git.example.com/config.git',
      branch: 'main',
      spec: JSON.stringify({
        repository: 'https://ada:t0ken-in-url@git.example.com/config.git',
      }),
      status: JSON.stringify({
        drift: { objects: [{ ref: secretDiff.ref, fields: secretDiff.diff }] },
      }),
      next_run_at: 0,
    });
    await db('slipway_reconciliations').insert({
      target_id: 't',
      replica: 'a',
      trigger: 'poll',
      started_at: 0,
      finished_at: 1,
      result: 'applied',
      reason: 'Applied',
      message: '',
      changes: JSON.stringify({
        applied: [secretDiff, createdSecret, configMap],
        pruned: [],
      }),
    });

    await db.migrate.latest({ directory: migrationsDir });

    const [history] = await db('slipway_reconciliations').select('changes');
    const [target] = await db('slipway_targets').select();
    const stored = JSON.stringify([history, target]);
    expect(stored).not.toMatch(/b2xk|bmV3|plain-token|t0ken-in-url/);
    expect(target.repository).toBe('https://git.example.com/config.git');
    const applied = JSON.parse(history.changes).applied;
    expect(applied[0].diff[0]).toMatchObject({
      path: 'data.password',
      before: '(masked)',
      after: '(masked)',
    });
    expect(applied[1].diff[0].after.stringData).toEqual({ token: '(masked)' });
    expect(applied[1].diff[0].after.metadata).toEqual({ name: 'api' });
    expect(applied[2]).toEqual(configMap);
    expect(JSON.parse(target.status).drift.objects[0].fields[0].after).toBe(
      '(masked)',
    );
    const [salt] = await db('slipway_settings').where('key', 'mask-salt');
    expect(salt.value).toMatch(/^[0-9a-f]{64}$/);
  });
});
