import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  redactUrl,
  urlCredentials,
  type GitCredentials,
} from '@slipway/engine';

/**
 * Credentials for a config repository from Backstage's `integrations`:
 * GitHub through its token or GitHub App, other hosts through the token or
 * username and password of their integration. Local paths need none.
 * Repository URLs are stored and served without user-info; when an
 * environment's configured URL carries some, its redacted form is answered
 * with those credentials.
 *
 * @public
 */
export function gitCredentialsFor(config: Config, repositories: string[] = []) {
  const integrations = ScmIntegrations.fromConfig(config);
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const inUrls = new Map(
    repositories.flatMap(url => {
      const credentials = urlCredentials(url);
      return credentials ? [[redactUrl(url), credentials] as const] : [];
    }),
  );
  return async (url: string): Promise<GitCredentials | undefined> => {
    if (!/^https?:\/\//.test(url)) {
      return undefined;
    }
    const configured = urlCredentials(url) ?? inUrls.get(url);
    if (configured) {
      return configured;
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
