import { ConfigReader } from '@backstage/config';
import { BACKEND_DEFAULTS, readBackendConfig } from './backendConfig';

describe('readBackendConfig', () => {
  it('takes every default from one place when nothing is set', () => {
    const read = readBackendConfig(new ConfigReader({}));
    expect(read).toEqual({
      leaseMs: BACKEND_DEFAULTS.leaseMs,
      catalogRefreshMs: 30_000,
      reconcile: {
        enabled: true,
        concurrencyPerCluster: 8,
        kustomizePath: 'kustomize',
        helmPath: 'helm',
        gitTimeoutMs: 60_000,
        workDir: undefined,
      },
      canary: { enabled: true, concurrencyPerCluster: 128 },
      releaseRetentionMs: 365 * 24 * 3600 * 1000,
      webhooks: { githubSecret: undefined, maxBodyBytes: 5 * 1024 * 1024 },
      verifiedEventPushes: false,
    });
  });

  it('reads durations as Backstage does elsewhere, and the older seconds keys', () => {
    const read = readBackendConfig(
      new ConfigReader({
        slipway: {
          lease: { minutes: 1, seconds: 30 },
          catalogRefresh: '2m',
          reconcile: { gitTimeoutSeconds: 90 },
          releases: { retention: { days: 30 } },
        },
      }),
    );
    expect([
      read.leaseMs,
      read.catalogRefreshMs,
      read.reconcile.gitTimeoutMs,
      read.releaseRetentionMs,
    ]).toEqual([90_000, 120_000, 90_000, 30 * 24 * 3600 * 1000]);
    expect(
      readBackendConfig(
        new ConfigReader({
          slipway: { leaseSeconds: 45, reconcile: { gitTimeout: 'PT2M' } },
        }),
      ),
    ).toMatchObject({ leaseMs: 45_000, reconcile: { gitTimeoutMs: 120_000 } });
  });

  it('names the key of a duration it cannot read', () => {
    expect(() =>
      readBackendConfig(new ConfigReader({ slipway: { lease: 'soon' } })),
    ).toThrow("Invalid duration 'soon' in config at 'slipway.lease'");
    expect(() =>
      readBackendConfig(new ConfigReader({ slipway: { leaseSeconds: -5 } })),
    ).toThrow(
      'Invalid slipway.leaseSeconds in app-config: must be a positive number of seconds, got -5',
    );
  });
});
