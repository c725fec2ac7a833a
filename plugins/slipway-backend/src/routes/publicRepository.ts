import { redactUrl } from '@slipway/engine';

/** An environment or target as the API serves it: its repository URL carries no user or password. */
export function withPublicRepository<T extends { repository: string }>(
  item: T,
): T {
  return { ...item, repository: redactUrl(item.repository) };
}
