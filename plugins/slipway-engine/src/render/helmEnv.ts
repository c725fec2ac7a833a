import path from 'node:path';

/** Where helm's HTTP requests go when it must not fetch: nowhere (the discard port). */
const NO_ANSWERS = 'http://127.0.0.1:9';

/**
 * helm's environment: its own empty home (no plugins, repositories or
 * registry logins of this machine's user), and no network for a chart
 * rendered from the config repository.
 */
export const helmEnv = (home: string, offline = true) => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  HELM_CACHE_HOME: path.join(home, 'cache'),
  HELM_CONFIG_HOME: path.join(home, 'config'),
  HELM_DATA_HOME: path.join(home, 'data'),
  ...(offline && {
    HTTP_PROXY: NO_ANSWERS,
    HTTPS_PROXY: NO_ANSWERS,
    NO_PROXY: '',
  }),
});
