import { LocalRegistry, pushImage } from '@slipway/local-cluster';
import { OciRegistry } from './ociRegistry';

jest.setTimeout(60_000);

describe('OciRegistry against a real docker-registry', () => {
  const registries: LocalRegistry[] = [];
  const start = async (auth?: Parameters<typeof LocalRegistry.start>[0]) => {
    const registry = await LocalRegistry.start(auth);
    registries.push(registry);
    return registry;
  };
  afterAll(async () => {
    await Promise.all(registries.map(r => r.stop()));
  });

  const push = (registry: LocalRegistry, repository: string, tag: string) =>
    pushImage({
      registryUrl: registry.url,
      repository,
      tag,
      authorization: registry.authorization(repository),
    });

  it('follows the tag list through its pages and reads digests', async () => {
    const registry = await start();
    const pushed: Record<string, string> = {};
    for (const tag of ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '2.0.0']) {
      pushed[tag] = await push(registry, 'shop/checkout', tag);
    }
    const client = new OciRegistry({
      host: registry.host,
      insecure: true,
      pageSize: 2,
    });
    const tags = await client.listTags('shop/checkout');
    expect(tags.map(t => t.tag).sort()).toEqual([
      '1.0.0',
      '1.1.0',
      '1.2.0',
      '1.3.0',
      '2.0.0',
    ]);
    expect(await client.digestOf('shop/checkout', '1.2.0')).toBe(
      pushed['1.2.0'],
    );
    expect(pushed['1.2.0']).not.toBe(pushed['1.3.0']);
  });

  it('answers a basic-auth challenge with the configured credentials', async () => {
    const registry = await start({
      auth: { type: 'basic', username: 'ci', password: 's3cret' },
    });
    await push(registry, 'shop/cart', '0.1.0');
    const client = new OciRegistry({
      host: registry.host,
      insecure: true,
      credentials: { username: 'ci', password: 's3cret' },
    });
    expect(await client.listTags('shop/cart')).toEqual([{ tag: '0.1.0' }]);

    const anonymous = new OciRegistry({ host: registry.host, insecure: true });
    await expect(anonymous.listTags('shop/cart')).rejects.toThrow(
      `${registry.host} asks for a username and password: set them under slipway.imageAutomation.registries in app-config`,
    );
  });

  it('gets a bearer token from the token service once, and says when it refuses', async () => {
    const registry = await start({
      auth: { type: 'token', username: 'robot', password: 'pull-only' },
    });
    await push(registry, 'shop/web', '3.0.0');
    await push(registry, 'shop/web', '3.1.0');
    const client = new OciRegistry({
      host: registry.host,
      insecure: true,
      credentials: { username: 'robot', password: 'pull-only' },
      tokenRealms: [registry.tokenRealmHost!],
    });
    expect((await client.listTags('shop/web')).map(t => t.tag).sort()).toEqual([
      '3.0.0',
      '3.1.0',
    ]);
    expect(await client.digestOf('shop/web', '3.1.0')).toMatch(
      /^sha256:[a-f0-9]{64}$/,
    );
    expect(registry.tokenRequests).toEqual({ granted: 1, refused: 0 });

    const wrong = new OciRegistry({
      host: registry.host,
      insecure: true,
      credentials: { username: 'robot', password: 'wrong' },
      tokenRealms: [registry.tokenRealmHost!],
    });
    await expect(wrong.listTags('shop/web')).rejects.toThrow(
      `the token service of ${registry.host} refused the configured credentials (HTTP 401)`,
    );
  });

  it('refuses a token service on another host than the registry, and sends it no credentials', async () => {
    const registry = await start({
      auth: { type: 'token', username: 'robot', password: 'pull-only' },
    });
    await push(registry, 'shop/web', '3.0.0');
    const client = new OciRegistry({
      host: registry.host,
      insecure: true,
      credentials: { username: 'robot', password: 'pull-only' },
    });
    await expect(client.listTags('shop/web')).rejects.toThrow(
      `${registry.host} names the token service http://${registry.tokenRealmHost}, which is not the registry's host: refused, so no credentials go there (if it is the registry's own, list ${registry.tokenRealmHost} under tokenRealms of slipway.imageAutomation.registries in app-config)`,
    );
    expect(registry.tokenRequests).toEqual({ granted: 0, refused: 0 });
  });

  it('says which registry cannot be reached, and which repository is missing', async () => {
    const registry = await start();
    const client = new OciRegistry({ host: registry.host, insecure: true });
    await expect(client.listTags('shop/none')).rejects.toThrow(
      `${registry.host} answered HTTP 404 for the tag list of shop/none: no such repository or tag`,
    );
    await registry.pause();
    await expect(client.listTags('shop/none')).rejects.toThrow(
      `cannot reach registry ${registry.host} (http://${registry.host}): ECONNREFUSED`,
    );
  });
});
