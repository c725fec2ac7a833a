import { ECRClient } from '@aws-sdk/client-ecr';
import { CachedRegistry } from './cachedRegistry';
import { EcrRegistry, parseEcrHost } from './ecrRegistry';
import { ImageRegistry } from './ImageRegistry';
import { splitImageName } from './imageRepository';
import { OciRegistry, RegistryCredentials } from './ociRegistry';

/**
 * How to reach one registry host (app-config `slipway.imageAutomation.registries`).
 *
 * @public
 */
export type RegistrySettings = {
  host: string;
  insecure?: boolean;
  credentials?: RegistryCredentials;
  /** Other hosts its token service may be on. */
  tokenRealms?: string[];
  requestsPerSecond?: number;
};

/**
 * The registry client of each image: ECR hosts through the AWS SDK, every
 * other host through the Distribution API with its configured credentials
 * (anonymous when none). One cached, rate-limited client per host.
 *
 * @public
 */
export class ImageRegistries {
  private readonly clients = new Map<string, ImageRegistry>();

  constructor(
    private readonly options: {
      registries?: RegistrySettings[];
      /** Tag lists are read again after this long. */
      cacheTtlMs?: number;
      /** An ECR client with the AWS credentials for the account. */
      ecrClient?: (registry: {
        accountId: string;
        region: string;
      }) => ECRClient;
    } = {},
  ) {}

  /** The registry an image lives in (app-config credentials, ECR or anonymous) and its repository there. */
  forImage(name: string): { registry: ImageRegistry; repository: string } {
    const { host, repository } = splitImageName(name);
    let registry = this.clients.get(host);
    if (!registry) {
      registry = new CachedRegistry(
        this.clientFor(host),
        this.options.cacheTtlMs ?? 30_000,
      );
      this.clients.set(host, registry);
    }
    return { registry, repository };
  }

  private clientFor(host: string): ImageRegistry {
    const settings = this.options.registries?.find(r => r.host === host);
    const ecr = parseEcrHost(host);
    if (ecr) {
      const client =
        this.options.ecrClient?.(ecr) ?? new ECRClient({ region: ecr.region });
      return new EcrRegistry(client, ecr, settings?.requestsPerSecond);
    }
    return new OciRegistry({ ...settings, host });
  }
}
