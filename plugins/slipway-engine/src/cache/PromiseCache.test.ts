import { PromiseCache } from './PromiseCache';

/** A read the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('PromiseCache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('shares one read among callers while it is in flight and fresh, then reads again', async () => {
    const cache = new PromiseCache<number>({ ttlMs: 100, now });
    const read = jest.fn(async () => clock);
    const [a, b] = await Promise.all([
      cache.get('k', read),
      cache.get('k', read),
    ]);
    expect([a, b, read.mock.calls.length]).toEqual([1_000, 1_000, 1]);
    clock += 99;
    await expect(cache.get('k', read)).resolves.toBe(1_000);
    clock += 1;
    await expect(cache.get('k', read)).resolves.toBe(1_100);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('forgets a failed read, so the next caller tries again', async () => {
    const cache = new PromiseCache<string>({ now });
    await expect(
      cache.get('k', async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await expect(cache.get('k', async () => 'ok')).resolves.toBe('ok');
  });

  it('keeps a newer read when an older one fails after it', async () => {
    const cache = new PromiseCache<string>({ now });
    const older = deferred<string>();
    const olderRead = cache.get('k', () => older.promise);
    const newer = cache.get('k', async () => 'newer', { refresh: true });
    older.reject(new Error('timed out'));
    await expect(olderRead).rejects.toThrow('timed out');
    await expect(newer).resolves.toBe('newer');
    const again = jest.fn(async () => 'third');
    await expect(cache.get('k', again)).resolves.toBe('newer');
    expect(again).not.toHaveBeenCalled();
  });

  it('reads again when the value started before notBefore', async () => {
    const cache = new PromiseCache<number>({ now });
    await cache.get('k', async () => 1);
    clock = 2_000;
    await expect(
      cache.get('k', async () => 2, { notBefore: 1_000 }),
    ).resolves.toBe(1);
    await expect(
      cache.get('k', async () => 3, { notBefore: 1_500 }),
    ).resolves.toBe(3);
  });

  it('drops the least recently used entry beyond maxEntries', async () => {
    const cache = new PromiseCache<string>({ maxEntries: 2, now });
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b');
    await cache.get('a', async () => 'a again');
    await cache.get('c', async () => 'c');
    expect(cache.keys()).toEqual(['a', 'c']);
  });
});
