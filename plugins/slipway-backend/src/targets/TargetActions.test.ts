import { storesOn } from '../__testUtils__/storesOn';
import type { SlipwayStores } from '../store/openStores';
import { TargetActions } from './TargetActions';

const ENTITY = 'component:default/web';
const IMAGE = 'registry.example.com/web:2.0.0';
const target = (environment: string) => ({
  id: `${ENTITY}#${environment}`,
  entityRef: ENTITY,
  spec: {
    service: 'web',
    environment,
    cluster: 'local',
    repository: '/config',
    branch: 'main',
    path: `clusters/${environment}/web`,
    defaultNamespace: environment,
    allowedNamespaces: [environment],
    kindPolicy: {},
    driftMode: 'correct' as const,
    intervalSeconds: 60,
    progressDeadlineSeconds: 600,
  },
});

/** Promotion's rules against real stores (SQLite): what a hold and a freeze refuse. */
describe('TargetActions.promote', () => {
  let stores: SlipwayStores;
  let close: () => Promise<void>;
  const promoted: string[] = [];
  let actions: TargetActions;

  beforeAll(async () => {
    ({ stores, close } = await storesOn('better-sqlite3'));
    await stores.delivery.syncTargets(
      [target('staging'), target('production')],
      Date.now(),
    );
    actions = new TargetActions(
      stores.delivery,
      async request => {
        promoted.push(request.revision!);
        return { changed: false } as any;
      },
      stores.releases,
    );
  });
  afterAll(() => close());

  const production = async () => ({
    entityRef: ENTITY,
    environment: 'production',
    id: `${ENTITY}#production`,
    targets: [target('staging').spec, target('production').spec],
    record: await stores.delivery.target(`${ENTITY}#production`),
  });

  it('does not carry on a version held in the source until its hold is released', async () => {
    await stores.releases.record({
      targetId: `${ENTITY}#staging`,
      service: 'web',
      environment: 'staging',
      revision: 'b'.repeat(40),
      renderedHash: 'h2',
      images: [IMAGE],
      message: 'web 2.0.0',
      author: 'Ada',
      committedAt: null,
      appliedAt: new Date().toISOString(),
    });
    await stores.releases.runStarted(
      { service: 'web', environment: 'staging', images: [IMAGE] },
      'run-2',
      Date.now(),
    );
    await stores.releases.runEnded(
      'run-2',
      'Failed',
      'rolled back: 3 failed checks',
      Date.now(),
    );
    const source = { from: 'staging', revision: 'b'.repeat(40) };
    await expect(actions.promote(await production(), source)).rejects.toThrow(
      `held: ${IMAGE} failed its canary in staging (rolled back: 3 failed checks); release the hold on the Delivery tab to promote it`,
    );
    expect(promoted).toEqual([]);

    const [held] = await stores.releases.holds(`${ENTITY}#staging`);
    await stores.releases.releaseHold(
      `${ENTITY}#staging`,
      held.id,
      'user:default/ada',
      'flaky metric',
      Date.now(),
    );
    await actions.promote(await production(), source);
    expect(promoted).toEqual([source.revision]);
  });

  it('refuses a promotion into a frozen environment, naming the freeze', async () => {
    const until = Date.now() + 3_600_000;
    await stores.delivery.setFrozen(`${ENTITY}#production`, {
      since: Date.now(),
      until,
      by: 'user:default/ada',
      reason: 'release day',
    });
    await expect(
      actions.promote(await production(), {
        from: 'staging',
        revision: 'b'.repeat(40),
      }),
    ).rejects.toThrow(
      `production is frozen until ${new Date(
        until,
      ).toISOString()} (release day, by user:default/ada): promotions wait until it ends`,
    );
  });
});
