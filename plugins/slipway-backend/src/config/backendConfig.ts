import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { DEFAULT_WEBHOOK_MAX_BYTES } from '../routes/webhookRoutes';

/** Every default of the backend plugin's own app-config keys, in one place. */
export const BACKEND_DEFAULTS = {
  leaseMs: 30_000,
  catalogRefreshMs: 30_000,
  gitTimeoutMs: 60_000,
  kustomizePath: 'kustomize',
  helmPath: 'helm',
  reconcileConcurrencyPerCluster: 8,
  canaryConcurrencyPerCluster: 128,
  webhookMaxBytes: DEFAULT_WEBHOOK_MAX_BYTES,
  releaseRetentionMs: 365 * 24 * 3600 * 1000,
} as const;

/** The backend plugin's app-config (`slipway.*` beside environments, clusters and canary metrics), read and defaulted. */
export type BackendConfig = {
  /** How long a replica's claim on a target or Canary lasts. */
  leaseMs: number;
  /** How often the catalog's services become delivery targets again. */
  catalogRefreshMs: number;
  reconcile: {
    enabled: boolean;
    concurrencyPerCluster: number;
    kustomizePath: string;
    helmPath: string;
    gitTimeoutMs: number;
    /** Where clones and exported trees go; a directory of the replica under the OS temp dir when unset. */
    workDir?: string;
  };
  canary: { enabled: boolean; concurrencyPerCluster: number };
  /** How long the release history is kept. */
  releaseRetentionMs: number;
  webhooks: { githubSecret?: string; maxBodyBytes: number };
  /** The events backend's GitHub module checks push signatures, so its pushes are taken. */
  verifiedEventPushes: boolean;
};

/**
 * A duration of app-config: the key as Backstage reads durations elsewhere
 * (`{ seconds: 30 }`, `'30s'`, `'PT30S'`), else the older `<key>Seconds`
 * number, else the default.
 */
function durationMs(config: Config, key: string, defaultMs: number): number {
  if (config.has(key)) {
    return durationToMilliseconds(readDurationFromConfig(config, { key }));
  }
  const seconds = config.getOptionalNumber(`${key}Seconds`);
  if (seconds === undefined) {
    return defaultMs;
  }
  if (!(seconds > 0)) {
    throw new InputError(
      `Invalid ${key}Seconds in app-config: must be a positive number of seconds, got ${seconds}`,
    );
  }
  return seconds * 1000;
}

/** Reads the backend plugin's app-config once, at start. */
export function readBackendConfig(config: Config): BackendConfig {
  const slipway = config.getOptionalConfig('slipway') ?? new ConfigReader({});
  const reconcile = slipway.getOptionalConfig('reconcile');
  const canary = slipway.getOptionalConfig('canary');
  const d = BACKEND_DEFAULTS;
  return {
    leaseMs: durationMs(config, 'slipway.lease', d.leaseMs),
    catalogRefreshMs: durationMs(
      config,
      'slipway.catalogRefresh',
      d.catalogRefreshMs,
    ),
    reconcile: {
      enabled: reconcile?.getOptionalBoolean('enabled') ?? true,
      concurrencyPerCluster:
        reconcile?.getOptionalNumber('concurrencyPerCluster') ??
        d.reconcileConcurrencyPerCluster,
      kustomizePath:
        reconcile?.getOptionalString('kustomizePath') ?? d.kustomizePath,
      helmPath: reconcile?.getOptionalString('helmPath') ?? d.helmPath,
      gitTimeoutMs: durationMs(
        config,
        'slipway.reconcile.gitTimeout',
        d.gitTimeoutMs,
      ),
      workDir: reconcile?.getOptionalString('workDir'),
    },
    canary: {
      enabled: canary?.getOptionalBoolean('enabled') ?? true,
      concurrencyPerCluster:
        canary?.getOptionalNumber('concurrencyPerCluster') ??
        d.canaryConcurrencyPerCluster,
    },
    releaseRetentionMs: durationMs(
      config,
      'slipway.releases.retention',
      d.releaseRetentionMs,
    ),
    webhooks: {
      githubSecret: slipway.getOptionalString('webhooks.github.secret'),
      maxBodyBytes:
        slipway.getOptionalNumber('webhooks.maxBodyBytes') ?? d.webhookMaxBytes,
    },
    verifiedEventPushes: !!config.getOptionalString(
      'events.modules.github.webhookSecret',
    ),
  };
}
