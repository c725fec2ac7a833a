import type { DeliveryTarget } from '@slipway/backstage-plugin-slipway-common';
import { EMPTY_STATUS } from '@slipway/engine';
import type { TargetRecord } from './store/types';
import { toDeliveryStatus } from './toDeliveryStatus';

const target = {
  service: 'web',
  environment: 'staging',
  cluster: 'staging',
  repository: 'https://github.com/acme/config.git',
  branch: 'main',
  path: 'clusters/staging/web',
} as DeliveryTarget;
const commit = (message: string) => ({
  message,
  author: 'Ada <ada@example.com>',
  committedAt: '2026-12-02T09:00:00Z',
});
const record = (status: Partial<TargetRecord['status']>) =>
  ({
    spec: target,
    status: { ...EMPTY_STATUS, ...status },
    suspended: false,
    nextRunAt: 0,
    failures: 0,
    updatedAt: 0,
  } as unknown as TargetRecord);

describe('toDeliveryStatus', () => {
  it("names the commit that last changed this service, linked, not the repository's head", () => {
    const row = toDeliveryStatus(
      target,
      record({
        lastAttemptedRevision: 'head0000',
        lastAppliedRevision: 'head0000',
        commit: commit('unrelated commit'),
        lastChange: { revision: 'own00000', commit: commit('web 2.0.0') },
      }),
    );
    expect(row.commit).toEqual({
      ...commit('web 2.0.0'),
      revision: 'own00000',
      url: 'https://github.com/acme/config/commit/own00000',
    });
    expect(row.lastAppliedRevision).toBe('head0000');
  });

  it('names the head until the service has been applied', () => {
    const row = toDeliveryStatus(
      target,
      record({ lastAttemptedRevision: 'head0000', commit: commit('first') }),
    );
    expect(row.commit).toMatchObject({
      revision: 'head0000',
      message: 'first',
    });
  });
});
