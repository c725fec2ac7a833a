import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { publicPrometheusSettings } from '@slipway/backstage-plugin-slipway-node';
import { redactUrl } from '@slipway/engine';

/** An environment or target as the API serves it: its repository URL carries no user or password. */
export function withPublicRepository<T extends { repository: string }>(
  item: T,
): T {
  return { ...item, repository: redactUrl(item.repository) };
}

/** An environment as the API serves it: no credentials in its repository URL or its Prometheus settings. */
export function publicEnvironment(env: SlipwayEnvironment): SlipwayEnvironment {
  return {
    ...withPublicRepository(env),
    ...(env.prometheus && {
      prometheus: publicPrometheusSettings(env.prometheus),
    }),
  };
}
