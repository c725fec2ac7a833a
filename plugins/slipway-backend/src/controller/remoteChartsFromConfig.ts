import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { RemoteCharts } from '@slipway/engine';
import path from 'node:path';
import { registrySettingsFromConfig } from '../imageAutomation/imageAutomationFromConfig';

/**
 * Where chart releases' charts come from: HTTP chart repositories with the
 * credentials of `slipway.charts.repositories`, OCI registries with those of
 * `slipway.imageAutomation.registries`; archives cached under workDir.
 */
export function remoteChartsFromConfig(
  config: Config,
  workDir: string,
): RemoteCharts {
  const repositories = (
    config.getOptionalConfigArray('slipway.charts.repositories') ?? []
  ).map((repository, index) => {
    const at = `slipway.charts.repositories[${index}]`;
    const url = repository.getString('url');
    if (!/^https?:\/\//.test(url)) {
      throw new InputError(`${at}.url must be an http(s) URL`);
    }
    const username = repository.getOptionalString('username');
    const password = repository.getOptionalString('password');
    if (username !== undefined && password === undefined) {
      throw new InputError(
        `${at}.password is missing for username ${username}`,
      );
    }
    return { url, username, password };
  });
  return new RemoteCharts({
    cacheDir: path.join(workDir, 'charts'),
    repositories,
    registries: registrySettingsFromConfig(config),
  });
}
