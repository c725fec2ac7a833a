import { ECRClient } from '@aws-sdk/client-ecr';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { newestTag } from '../newestTag';
import { ImageRegistries } from './ImageRegistries';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const ENDPOINT = `https://api.ecr.${REGION}.amazonaws.com/`;
const digest = (n: number) => `sha256:${String(n).padStart(64, '0')}`;

type Image = { tags: string[]; digest: string };

/**
 * ECR's DescribeImages as the service speaks it to this SDK: AWS JSON 1.1
 * with an X-Amz-Target, a SigV4-signed request, `nextToken` pagination of
 * at most `maxResults` images, and errors as a `__type`.
 */
function ecr(repositories: Record<string, Image[]>, requests: any[]) {
  return http.post(ENDPOINT, async ({ request }) => {
    const body = (await request.json()) as any;
    requests.push(body);
    if (
      request.headers.get('x-amz-target') !==
        'AmazonEC2ContainerRegistry_V20150921.DescribeImages' ||
      !request.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256 ')
    ) {
      return HttpResponse.json(
        { __type: 'UnknownOperationException' },
        { status: 400 },
      );
    }
    const images = repositories[body.repositoryName];
    if (!images || body.registryId !== ACCOUNT) {
      return HttpResponse.json(
        {
          __type: 'RepositoryNotFoundException',
          message: `The repository with name '${body.repositoryName}' does not exist in the registry with id '${body.registryId}'`,
        },
        { status: 400 },
      );
    }
    const details = images.map(image => ({
      registryId: ACCOUNT,
      repositoryName: body.repositoryName,
      imageDigest: image.digest,
      imageTags: image.tags,
      imagePushedAt: 1700000000,
    }));
    if (body.imageIds) {
      const tag = body.imageIds[0].imageTag;
      const found = details.filter(d => d.imageTags.includes(tag));
      return found.length > 0
        ? HttpResponse.json({ imageDetails: found })
        : HttpResponse.json(
            {
              __type: 'ImageNotFoundException',
              message: `The image with imageId {imageTag:'${tag}'} does not exist`,
            },
            { status: 400 },
          );
    }
    const start = body.nextToken ? Number(body.nextToken) : 0;
    const size = Math.min(body.maxResults ?? 100, 2);
    const page = details.slice(start, start + size);
    return HttpResponse.json({
      imageDetails: page,
      ...(start + size < details.length && {
        nextToken: String(start + size),
      }),
    });
  });
}

describe('ECR through DescribeImages', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const registries = () =>
    new ImageRegistries({
      ecrClient: ({ region }) =>
        new ECRClient({
          region,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
        }),
    });

  it('lists every tag across pages with its digest, in the account of the host', async () => {
    const requests: any[] = [];
    server.use(
      ecr(
        {
          'shop/checkout': [
            { tags: ['1.0.0'], digest: digest(1) },
            { tags: ['1.1.0', 'main-abc1234'], digest: digest(2) },
            { tags: ['1.2.0'], digest: digest(3) },
            { tags: ['2.0.0'], digest: digest(4) },
            { tags: ['latest'], digest: digest(4) },
          ],
        },
        requests,
      ),
    );
    const { registry, repository } = registries().forImage(
      `${HOST}/shop/checkout`,
    );
    expect(registry.description).toBe(`ECR ${ACCOUNT} in ${REGION}`);
    const tags = await registry.listTags(repository);
    expect(tags).toContainEqual({ tag: '1.2.0', digest: digest(3) });
    expect(tags).toHaveLength(6);
    expect(requests.map(r => r.nextToken)).toEqual([undefined, '2', '4']);
    expect(requests[0]).toMatchObject({
      registryId: ACCOUNT,
      repositoryName: 'shop/checkout',
      filter: { tagStatus: 'TAGGED' },
    });
    expect(
      newestTag(
        { semver: '^1.0.0', pinDigest: true },
        tags.map(t => t.tag),
      ),
    ).toBe('1.2.0');
    expect(await registry.digestOf(repository, '1.1.0')).toBe(digest(2));
  });

  it("passes ECR's own reason on", async () => {
    server.use(ecr({}, []));
    const { registry, repository } = registries().forImage(
      `${HOST}/shop/missing`,
    );
    await expect(registry.listTags(repository)).rejects.toThrow(
      `ECR ${ACCOUNT} in ${REGION} refused DescribeImages for shop/missing: RepositoryNotFoundException: The repository with name 'shop/missing' does not exist in the registry with id '${ACCOUNT}'`,
    );
  });
});
