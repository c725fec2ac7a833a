import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';

/** An environment as readSlipwayEnvironments returns it, with its defaults. */
export const testEnvironment = (
  name: string,
  repository: string,
  extra: Partial<SlipwayEnvironment> = {},
): SlipwayEnvironment => ({
  name,
  cluster: 'local',
  repository,
  branch: 'main',
  path: 'clusters/{environment}/{service}',
  interval: 60,
  driftMode: 'correct',
  progressDeadlineSeconds: 600,
  namespaces: [name],
  clusterScopedKinds: [],
  deniedKinds: [],
  adoptUnlabelled: false,
  prune: { confirmAboveFraction: 0.5, confirmAboveCount: 20 },
  mask: [],
  kustomize: { remoteBases: false },
  canaryWebhooks: { allowedHosts: ['*.svc'] },
  ...extra,
});
