import { apiErrorMessage, onObject } from './apiErrorMessage';
import { KubernetesApiError } from './KubeHttp';

const forbidden = new KubernetesApiError(
  403,
  '{"kind":"Status","message":"secrets \\"x\\" is forbidden"}',
  'PATCH /api/v1/namespaces/shop/secrets/x',
);

describe('apiErrorMessage', () => {
  it('keeps the API server message and the status code, not the request', () => {
    expect(apiErrorMessage(forbidden)).toBe(
      'secrets "x" is forbidden (HTTP 403)',
    );
  });

  it('names the object a call failed on', async () => {
    await expect(
      onObject(
        { kind: 'Secret', metadata: { name: 'x', namespace: 'shop' } },
        () => Promise.reject(forbidden),
      ),
    ).rejects.toThrow('Secret shop/x: secrets "x" is forbidden (HTTP 403)');
  });
});
