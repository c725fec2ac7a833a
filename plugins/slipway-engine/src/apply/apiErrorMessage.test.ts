import { apiErrorMessage, onObject } from './apiErrorMessage';

describe('apiErrorMessage', () => {
  it('keeps the API server message and the status code, not the headers', () => {
    const error = Object.assign(new Error('HTTP-Code: 403\nHeaders: {...}'), {
      code: 403,
      body: '{"kind":"Status","message":"secrets \\"x\\" is forbidden"}',
    });
    expect(apiErrorMessage(error)).toBe('secrets "x" is forbidden (HTTP 403)');
  });

  it('names the object a call failed on', async () => {
    await expect(
      onObject(
        { kind: 'Secret', metadata: { name: 'x', namespace: 'shop' } },
        () =>
          Promise.reject(
            Object.assign(new Error('raw'), {
              code: 403,
              body: { message: 'forbidden' },
            }),
          ),
      ),
    ).rejects.toThrow('Secret shop/x: forbidden (HTTP 403)');
  });
});
