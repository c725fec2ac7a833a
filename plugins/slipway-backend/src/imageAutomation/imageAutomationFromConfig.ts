import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  ImageRegistries,
  RegistryCredentials,
  RegistrySettings,
} from '@slipway/engine';

/**
 * app-config `slipway.imageAutomation`: the check interval and how each
 * registry host is reached. ECR registries use the AWS credentials of
 * app-config `aws` (accounts, or the default chain) for their account.
 */
export function imageAutomationFromConfig(config: Config) {
  const section = config.getOptionalConfig('slipway.imageAutomation');
  const intervalSeconds = section?.getOptionalNumber('interval') ?? 60;
  const registries = registrySettingsFromConfig(config);
  const aws = DefaultAwsCredentialsManager.fromConfig(config);
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    intervalMs: intervalSeconds * 1000,
    registries: new ImageRegistries({
      registries,
      // Within one interval, every environment of a service reads the tags once.
      cacheTtlMs: Math.max(1000, (intervalSeconds * 1000) / 2),
      ecrClient: ({ accountId, region }) =>
        new ECRClient({
          region,
          credentials: async () =>
            (
              await aws.getCredentialProvider({ accountId })
            ).sdkCredentialProvider(),
        }),
    }),
  };
}

/** How each registry host is reached: `slipway.imageAutomation.registries`. */
export function registrySettingsFromConfig(config: Config): RegistrySettings[] {
  return (
    config.getOptionalConfigArray('slipway.imageAutomation.registries') ?? []
  ).map(
    (registry, index): RegistrySettings => ({
      host: registry.getString('host'),
      insecure: registry.getOptionalBoolean('insecure'),
      requestsPerSecond: registry.getOptionalNumber('requestsPerSecond'),
      tokenRealms: registry.getOptionalStringArray('tokenRealms'),
      credentials: credentialsOf(registry, index),
    }),
  );
}

function credentialsOf(
  registry: Config,
  index: number,
): RegistryCredentials | undefined {
  const token = registry.getOptionalString('token');
  const username = registry.getOptionalString('username');
  const password = registry.getOptionalString('password');
  if (token && username) {
    throw new InputError(
      `slipway.imageAutomation.registries[${index}] sets both token and username: use one`,
    );
  }
  if (username !== undefined && password === undefined) {
    throw new InputError(
      `slipway.imageAutomation.registries[${index}].password is missing for username ${username}`,
    );
  }
  if (token) {
    return { token };
  }
  return username ? { username, password: password! } : undefined;
}
