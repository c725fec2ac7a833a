import { parseServiceAnnotations } from './serviceAnnotations';

const entity = (annotations?: Record<string, string>) => ({
  metadata: { name: 'checkout', annotations },
});

describe('parseServiceAnnotations', () => {
  it('reads the environments in promotion order', () => {
    expect(
      parseServiceAnnotations(
        entity({ 'slipway.io/environments': ' staging, production ' }),
      ),
    ).toEqual({
      ok: true,
      value: {
        service: 'checkout',
        environments: ['staging', 'production'],
        path: undefined,
      },
    });
  });

  it('says which annotation to add when there is none', () => {
    const result = parseServiceAnnotations(entity());
    expect(result).toMatchObject({ ok: false, missing: true });
    expect(!result.ok && result.message).toContain('slipway.io/environments');
  });

  it.each([
    [
      { 'slipway.io/environments': 'Staging' },
      'slipway.io/environments must be a DNS-1123 label',
    ],
    [
      { 'slipway.io/environments': ' , ' },
      'slipway.io/environments must name at least one environment',
    ],
    [
      { 'slipway.io/environments': 'staging,staging' },
      'lists an environment twice',
    ],
    [
      { 'slipway.io/environments': 'staging', 'slipway.io/path': '../secrets' },
      'slipway.io/path must be a relative path',
    ],
    [
      {
        'slipway.io/environments': 'staging',
        'slipway.io/service': 'Check_Out',
      },
      'slipway.io/service must be a DNS-1123 label',
    ],
  ])('rejects %j naming the annotation', (annotations, message) => {
    const result = parseServiceAnnotations(entity(annotations));
    expect(result).toMatchObject({ ok: false, missing: false });
    expect(!result.ok && result.message).toContain(message);
  });

  it('honours the service and path overrides', () => {
    expect(
      parseServiceAnnotations(
        entity({
          'slipway.io/environments': 'staging',
          'slipway.io/service': 'checkout-api',
          'slipway.io/path': 'apps/checkout',
        }),
      ),
    ).toMatchObject({
      ok: true,
      value: { service: 'checkout-api', path: 'apps/checkout' },
    });
  });
});
