import {
  DescribeImagesCommand,
  type DescribeImagesCommandInput,
  ECRClient,
} from '@aws-sdk/client-ecr';
import { ImageRegistry, RegistryError, RegistryTag } from './ImageRegistry';
import { throttle } from './throttle';

const ECR_HOST =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/**
 * The account and region of an ECR registry host, or undefined for any other host.
 *
 * @public
 */
export function parseEcrHost(
  host: string,
): { accountId: string; region: string } | undefined {
  const match = ECR_HOST.exec(host);
  return match ? { accountId: match[1], region: match[2] } : undefined;
}

/**
 * Amazon ECR through `DescribeImages`, which lists tags with their digests
 * in one paginated call (the Distribution API would need a token exchange
 * and a request per tag).
 *
 * @public
 */
export class EcrRegistry implements ImageRegistry {
  /** {@inheritDoc ImageRegistry.description} */
  readonly description: string;
  private readonly limit: ReturnType<typeof throttle>;

  constructor(
    private readonly client: ECRClient,
    private readonly registry: { accountId: string; region: string },
    requestsPerSecond = 5,
  ) {
    this.description = `ECR ${registry.accountId} in ${registry.region}`;
    this.limit = throttle(requestsPerSecond);
  }

  /** {@inheritDoc ImageRegistry.listTags} */
  async listTags(repository: string): Promise<RegistryTag[]> {
    const tags: RegistryTag[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.describe(repository, {
        filter: { tagStatus: 'TAGGED' },
        maxResults: 1000,
        nextToken,
      });
      for (const image of page.imageDetails ?? []) {
        for (const tag of image.imageTags ?? []) {
          tags.push({ tag, digest: image.imageDigest });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return tags;
  }

  /** {@inheritDoc ImageRegistry.digestOf} */
  async digestOf(repository: string, tag: string): Promise<string> {
    const page = await this.describe(repository, {
      imageIds: [{ imageTag: tag }],
    });
    const digest = page.imageDetails?.[0]?.imageDigest;
    if (!digest) {
      throw new RegistryError(
        `${this.description} has no image ${repository}:${tag}`,
      );
    }
    return digest;
  }

  private async describe(
    repository: string,
    input: Omit<DescribeImagesCommandInput, 'repositoryName' | 'registryId'>,
  ) {
    try {
      return await this.limit(() =>
        this.client.send(
          new DescribeImagesCommand({
            ...input,
            repositoryName: repository,
            registryId: this.registry.accountId,
          }),
          { abortSignal: AbortSignal.timeout(15_000) },
        ),
      );
    } catch (error) {
      const { name, message } = error as Error;
      const status = (error as { $metadata?: { httpStatusCode?: number } })
        .$metadata?.httpStatusCode;
      throw new RegistryError(
        `${this.description} refused DescribeImages for ${repository}: ${name}: ${message}`,
        status,
      );
    }
  }
}
