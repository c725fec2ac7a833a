import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { GitCredentials } from '@slipway/engine';

/**
 * Credentials for a config repository from Backstage's `integrations`:
 * GitHub through its token or GitHub App, other hosts through the token or
 * username and password of their integration. Local paths need none.
 */
export function gitCredentialsFor(config: Config) {
  const integrations = ScmIntegrations.fromConfig(config);
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return async (url: string): Promise<GitCredentials | undefined> => {
    if (!/^https?:\/\//.test(url)) {
      return undefined;
    }
    if (integrations.github.byUrl(url)) {
      const { token } = await github.getCredentials({ url });
      return token ? { type: 'token', token } : undefined;
    }
    const integration = integrations.byUrl(url);
    const settings = ((integration as { config?: object } | undefined)
      ?.config ?? {}) as {
      token?: string;
      username?: string;
      password?: string;
      appPassword?: string;
    };
    const password = settings.password ?? settings.appPassword;
    if (settings.username && password) {
      return { type: 'basic', username: settings.username, password };
    }
    return settings.token
      ? { type: 'token', token: settings.token }
      : undefined;
  };
}
