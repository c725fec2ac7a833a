import type { Knex } from 'knex';
import { DATABASES, storesOn } from '../__testUtils__/storesOn';
import { DeliveryStore } from './DeliveryStore';
import { ReconciliationRecord, TargetDefinition } from './types';

jest.setTimeout(120_000);

const target = (service: string): TargetDefinition => ({
  id: `component:default/${service}#staging`,
  entityRef: `component:default/${service}`,
  spec: {
    service,
    environment: 'staging',
    cluster: 'local',
    repository: 'file:///config',
    branch: 'main',
    path: `clusters/staging/${service}`,
    defaultNamespace: 'staging',
    allowedNamespaces: ['staging'],
    kindPolicy: {},
    driftMode: 'correct',
    intervalSeconds: 60,
    progressDeadlineSeconds: 600,
  },
});

const record = (targetId: string, startedAt: number): ReconciliationRecord => ({
  targetId,
  replica: 'a',
  trigger: 'new',
  startedAt,
  finishedAt: startedAt + 10,
  result: 'applied',
  reason: 'Applied',
  message: 'applied',
  changes: { applied: [], pruned: [], kept: [] },
});

const slots = new Map([['local', 8]]);
const LEASE_MS = 60_000;

/**
 * The store's leases and run bookkeeping, on both databases Slipway runs
 * on: SQLite (the default) and PostgreSQL (the Debian package, started here).
 */
describe.each(DATABASES)('DeliveryStore on %s', client => {
  let db: Knex;
  let store: DeliveryStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    let stores;
    ({ db, stores, close } = await storesOn(client));
    store = stores.delivery;
  });
  afterAll(() => close?.());
  beforeEach(() => store.syncTargets([], Date.now()));

  const claim = (owner: string, now = Date.now()) =>
    store.claimDue({ owner, now, leaseMs: LEASE_MS, slots });
  const finish = (
    owner: string,
    id: string,
    startedAt: number,
    nextRunAt: number,
  ) =>
    store.finish(
      { ...target('x'), id } as any,
      owner,
      {
        status: { conditions: [] } as any,
        nextRunAt,
        failures: 0,
        startedAt,
      },
      record(id, startedAt),
    );

  it('gives each due target to one replica, whole, and none twice', async () => {
    const now = Date.now();
    await store.syncTargets([target('one'), target('two')], now);
    const a = await claim('a', now);
    const b = await claim('b', now);
    expect(a.map(t => t.id).sort()).toEqual([
      'component:default/one#staging',
      'component:default/two#staging',
    ]);
    expect(a[0]).toMatchObject({
      leaseOwner: 'a',
      leaseExpiresAt: now + LEASE_MS,
      spec: { environment: 'staging' },
    });
    expect(b).toEqual([]);
    // An expired lease is free again.
    expect((await claim('b', now + LEASE_MS + 1)).length).toBe(2);
  });

  it('finishing gives the lease back, stores the status and the next run, and records the run', async () => {
    const now = Date.now();
    await store.syncTargets([target('one')], now);
    const [one] = await claim('a', now);
    await finish('a', one.id, now, now + 60_000);
    const stored = await store.target(one.id);
    expect(stored).toMatchObject({
      leaseOwner: undefined,
      leaseExpiresAt: undefined,
      nextRunAt: now + 60_000,
      status: { conditions: [] },
    });
    expect(await store.history(one.id)).toHaveLength(1);
    expect(await claim('a', now + 1_000)).toEqual([]);
  });

  it('a sync asked for during the run keeps the target due; one asked before it is done', async () => {
    const now = Date.now();
    await store.syncTargets([target('one'), target('two')], now);
    const claimed = await claim('a', now);
    const [one, two] = claimed.sort((x, y) => x.id.localeCompare(y.id));
    // one: asked after its run started; two: before.
    await store.requestSync({ ids: [one.id] }, 'webhook', now + 5);
    await store.requestSync({ ids: [two.id] }, 'webhook', now - 5);
    await finish('a', one.id, now, now + 60_000);
    await finish('a', two.id, now, now + 60_000);
    expect(await store.target(one.id)).toMatchObject({
      nextRunAt: 0,
      syncRequestedAt: now + 5,
      syncTrigger: 'webhook',
    });
    expect(await store.target(two.id)).toMatchObject({
      nextRunAt: now + 60_000,
      syncRequestedAt: undefined,
      syncTrigger: undefined,
    });
  });

  it('a run whose lease moved on records its history but leaves the newer status', async () => {
    const now = Date.now();
    await store.syncTargets([target('one')], now);
    const [one] = await claim('a', now);
    const [again] = await claim('b', now + LEASE_MS + 1);
    expect(again.leaseOwner).toBe('b');
    await finish('a', one.id, now, now + 60_000);
    expect(await store.target(one.id)).toMatchObject({
      leaseOwner: 'b',
      status: undefined,
    });
    expect(await store.history(one.id)).toHaveLength(1);
  });

  it('a run of a target that left the catalog meanwhile records nothing', async () => {
    const now = Date.now();
    await store.syncTargets([target('one')], now);
    const [one] = await claim('a', now);
    await store.syncTargets([], now);
    await finish('a', one.id, now, now + 60_000);
    expect(await store.target(one.id)).toBeUndefined();
    expect(await db('slipway_reconciliations').count({ n: '*' })).toEqual([
      { n: client === 'pg' ? '0' : 0 },
    ]);
  });
});
