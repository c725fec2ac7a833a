import type { Knex } from 'knex';
import { DATABASES, storesOn } from '../__testUtils__/storesOn';
import type { SlipwayStores } from './openStores';
import type { NewRelease } from './ReleaseStore';

jest.setTimeout(120_000);

const DAY_MS = 24 * 3600 * 1000;
const T0 = Date.parse('2026-11-01T10:00:00Z');

const release = (
  version: string,
  appliedAt: number,
  over: Partial<NewRelease> = {},
): NewRelease => ({
  targetId: 'component:default/web#staging',
  service: 'web',
  environment: 'staging',
  revision: `rev-${version}`,
  renderedHash: `hash-${version}`,
  images: [`registry.example.com/web:${version}`, 'envoy:1.30'],
  message: `web ${version}`,
  author: 'Ada Lovelace',
  committedAt: new Date(appliedAt - 60_000).toISOString(),
  appliedAt: new Date(appliedAt).toISOString(),
  ...over,
});

/**
 * The release history on both databases Slipway runs on: what the
 * reconciler records, and how canary runs judge it whichever is written first.
 */
describe.each(DATABASES)('ReleaseStore on %s', client => {
  let db: Knex;
  let stores: SlipwayStores;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, stores, close } = await storesOn(client, {
      releaseRetentionMs: 30 * DAY_MS,
    }));
  });
  afterAll(() => close?.());
  beforeEach(async () => {
    await db('slipway_releases').delete();
    await db('slipway_canary_runs').delete();
    await db('slipway_canaries').delete();
  });

  const list = (environment?: string) =>
    stores.releases.list(
      ['component:default/web#staging', 'component:default/web#production'],
      { environment },
    );
  const verdicts = async () =>
    (await list()).map(r => [r.revision, r.verdict, r.reason]);
  const canaryImages = (version: string) => [
    `registry.example.com/web:${version}`,
  ];

  it('lists releases newest first, with their commit and images, released until a canary judges them', async () => {
    await stores.releases.record(release('1.0.0', T0));
    await stores.releases.record(release('1.1.0', T0 + 1000));
    const [newest, first] = await list();
    expect(newest).toEqual({
      id: expect.any(Number),
      service: 'web',
      environment: 'staging',
      revision: 'rev-1.1.0',
      images: ['registry.example.com/web:1.1.0', 'envoy:1.30'],
      message: 'web 1.1.0',
      author: 'Ada Lovelace',
      committedAt: new Date(T0 + 1000 - 60_000).toISOString(),
      appliedAt: new Date(T0 + 1000).toISOString(),
      verdict: 'released',
      runId: null,
      reason: null,
      settledAt: null,
      followUp: null,
      hold: null,
      origin: 'commit',
      requestedBy: null,
    });
    expect(first.revision).toBe('rev-1.0.0');
  });

  it('takes the verdict of the run of its images; a run restarted for a newer version supersedes the older one', async () => {
    const web = { service: 'web', environment: 'staging' };
    await stores.releases.record(release('1.0.0', T0));
    await stores.releases.record(release('2.0.0', T0 + 1000));
    await stores.releases.runStarted(
      { ...web, images: canaryImages('2.0.0') },
      'run-2',
      T0 + 2000,
    );
    expect(await verdicts()).toEqual([
      ['rev-2.0.0', 'analysing', null],
      ['rev-1.0.0', 'released', null],
    ]);
    await stores.releases.record(release('3.0.0', T0 + 3000));
    await stores.releases.runStarted(
      { ...web, images: canaryImages('3.0.0') },
      'run-3',
      T0 + 4000,
    );
    await stores.releases.runEnded(
      'run-3',
      'Failed',
      'rolled back: 2 failed checks',
      T0 + 5000,
    );
    expect(await verdicts()).toEqual([
      ['rev-3.0.0', 'failed', 'rolled back: 2 failed checks'],
      [
        'rev-2.0.0',
        'superseded',
        'a newer version arrived during its canary run',
      ],
      ['rev-1.0.0', 'released', null],
    ]);
    expect((await list())[0]).toMatchObject({
      runId: 'run-3',
      settledAt: new Date(T0 + 5000).toISOString(),
    });
  });

  it('is judged by a run that began before the release was recorded', async () => {
    await stores.canaries.syncCluster(
      'local',
      [
        {
          id: 'local/staging/web',
          cluster: 'local',
          namespace: 'staging',
          name: 'web',
          service: 'web',
          environment: 'staging',
        },
      ],
      T0,
    );
    await stores.canaries.recordRun('local/staging/web', {
      runId: 'run-early',
      phase: 'Succeeded',
      startedAt: new Date(T0 - 500).toISOString(),
      lastTransitionTime: new Date(T0 + 9000).toISOString(),
      canaryImages: canaryImages('4.0.0'),
      message: 'promoted after 2 iterations',
    });
    await stores.releases.record(release('4.0.0', T0));
    expect(await verdicts()).toEqual([
      ['rev-4.0.0', 'succeeded', 'promoted after 2 iterations'],
    ]);
    // The same images released again soon after (a revert to them): that run judged the first.
    await stores.releases.record(
      release('4.0.0', T0 + 20_000, { revision: 'rev-revert' }),
    );
    expect((await verdicts())[0]).toEqual(['rev-revert', 'released', null]);
  });

  it('keeps one environment when asked, and forgets releases past the retention', async () => {
    await stores.releases.record(release('1.0.0', T0));
    await stores.releases.record(
      release('1.0.0', T0 + 1000, {
        targetId: 'component:default/web#production',
        environment: 'production',
      }),
    );
    expect((await list('production')).map(r => r.environment)).toEqual([
      'production',
    ]);
    await stores.releases.record(release('5.0.0', T0 + 31 * DAY_MS));
    expect((await list('staging')).map(r => r.revision)).toEqual(['rev-5.0.0']);
    // Another target's history is its own: only its own retention forgets it.
    expect(await list('production')).toHaveLength(1);
    expect(
      await stores.releases.list(['component:default/other#staging']),
    ).toEqual([]);
  });

  it('holds what failed or was rolled back from until released, and a newer release of the same images ends the hold', async () => {
    const staging = 'component:default/web#staging';
    await stores.releases.record(release('1.0.0', T0));
    await stores.releases.record(release('2.0.0', T0 + 1000));
    await stores.releases.runStarted(
      { service: 'web', environment: 'staging', images: canaryImages('2.0.0') },
      'run-2',
      T0 + 2000,
    );
    await stores.releases.runEnded('run-2', 'Failed', 'rolled back', T0 + 3000);
    await stores.releases.record(release('3.0.0', T0 + 4000));
    const [three] = await list();
    await stores.releases.hold(three.id, 'user:default/ada', 'slow', T0 + 5000);
    await stores.releases.record(
      release('1.0.0', T0 + 6000, { revision: 'rev-back' }),
    );

    const holds = async () =>
      (await stores.releases.holds(staging)).map(r => [
        r.revision,
        r.hold.by,
        r.hold.reason,
      ]);
    expect(await holds()).toEqual([
      ['rev-3.0.0', 'user:default/ada', 'slow'],
      ['rev-2.0.0', 'canary run run-2', 'rolled back'],
    ]);
    expect(
      (
        await stores.releases.heldImage(
          staging,
          'registry.example.com/web:2.0.0',
        )
      )?.revision,
    ).toBe('rev-2.0.0');
    expect(
      await stores.releases.heldImage(
        staging,
        'registry.example.com/web:1.0.0',
      ),
    ).toBeUndefined();

    expect(
      await stores.releases.releaseHold(
        staging,
        three.id,
        'user:default/bo',
        'ok',
        T0 + 7000,
      ),
    ).toBe(true);
    expect(
      await stores.releases.releaseHold(
        staging,
        three.id,
        'user:default/bo',
        'ok',
        T0 + 7000,
      ),
    ).toBe(false);
    expect((await list()).find(r => r.id === three.id)?.hold?.released).toEqual(
      {
        by: 'user:default/bo',
        reason: 'ok',
        at: new Date(T0 + 7000).toISOString(),
      },
    );
    // 2.0.0 brought back on purpose (a later commit) is no longer held.
    await stores.releases.record(
      release('2.0.0', T0 + 8000, { revision: 'rev-again' }),
    );
    expect(await holds()).toEqual([]);
  });
});
