import type { Release } from '@slipway/backstage-plugin-slipway-common';
import { doraFigures } from './doraFigures';

let id = 0;
const release = (
  verdict: Release['verdict'],
  times: { committed?: string; applied: string; settled?: string },
  over: Partial<Release> = {},
): Release => ({
  id: ++id,
  service: 'web',
  environment: 'production',
  revision: `${id}`.padStart(40, '0'),
  images: [`web:${id}`],
  message: `release ${id}`,
  author: 'Ada',
  committedAt: times.committed ? `2026-${times.committed}:00Z` : null,
  appliedAt: `2026-${times.applied}:00Z`,
  verdict,
  runId: null,
  reason: null,
  settledAt: times.settled ? `2026-${times.settled}:00Z` : null,
  followUp: null,
  hold: null,
  ...over,
});

/**
 * A month of production releases, recorded as the store keeps them, and the
 * figures computed by hand (times are UTC, "MM-DDTHH:MM").
 */
const MONTH = [
  release('succeeded', {
    committed: '10-20T09:00',
    applied: '10-20T09:05',
    settled: '10-20T09:30',
  }), // before the window
  release('released', { committed: '11-01T10:00', applied: '11-01T10:30' }), // lead 1800 s
  release('succeeded', {
    committed: '11-05T09:00',
    applied: '11-05T09:10',
    settled: '11-05T09:40',
  }), // lead 2400 s
  release('failed', {
    committed: '11-10T12:00',
    applied: '11-10T12:05',
    settled: '11-10T12:20',
  }), // fails at 12:20
  release('released', { committed: '11-10T12:25', applied: '11-10T12:30' }), // the revert: lead 300 s, restores in 600 s
  release('superseded', { committed: '11-15T08:00', applied: '11-15T08:01' }), // not counted
  release(
    'succeeded',
    {
      committed: '11-20T14:00',
      applied: '11-20T14:05',
      settled: '11-20T14:35',
    },
    {
      hold: {
        by: 'user:default/ada',
        reason: 'latency',
        at: '2026-11-20T15:00:00Z',
      },
    },
  ), // rolled back from at 15:00: a failure
  release('released', { committed: '11-20T15:00', applied: '11-20T15:02' }), // the rollback: lead 120 s, restores in 120 s
  release('failed', {
    committed: '11-28T10:00',
    applied: '11-28T10:02',
    settled: '11-28T10:30',
  }), // not restored yet
  release('analysing', { committed: '11-30T10:00', applied: '11-30T10:01' }), // not judged yet
  release(
    'released',
    { committed: '11-12T10:00', applied: '11-12T10:01' },
    { environment: 'staging' },
  ), // another environment
];

describe('doraFigures', () => {
  it('computes the four figures of a recorded month as by hand', () => {
    expect(
      doraFigures('production', MONTH, {
        windowDays: 30,
        now: Date.parse('2026-12-01T00:00:00Z'),
      }),
    ).toEqual({
      environment: 'production',
      windowDays: 30,
      // 1, 2, 3 (failed), 4, 6 (rolled back), 7, 8 (failed)
      releases: 7,
      // 4 served in 30 days
      deploymentsPerDay: 4 / 30,
      // median of 120, 300, 1800, 2400
      leadTimeSeconds: 1050,
      changeFailureRate: 3 / 7,
      // median of 600 and 120; the last failure is not restored yet
      timeToRestoreSeconds: 360,
    });
  });

  it('has nothing to say without releases in the window', () => {
    expect(
      doraFigures('production', MONTH, {
        windowDays: 7,
        now: Date.parse('2026-10-10T00:00:00Z'),
      }),
    ).toEqual({
      environment: 'production',
      windowDays: 7,
      releases: 0,
      deploymentsPerDay: 0,
      leadTimeSeconds: null,
      changeFailureRate: null,
      timeToRestoreSeconds: null,
    });
  });
});
