import { InvalidServicePathError, servicePath } from './servicePath';

describe('servicePath', () => {
  it('fills the template', () => {
    expect(
      servicePath('clusters/{environment}/{service}', {
        environment: 'staging',
        service: 'checkout',
      }),
    ).toBe('clusters/staging/checkout');
  });

  it('normalises redundant separators', () => {
    expect(
      servicePath('./apps//{service}/overlays/{environment}/', {
        environment: 'production',
        service: 'payments',
      }),
    ).toBe('apps/payments/overlays/production');
  });

  it.each([
    ['/etc/{service}', { environment: 'staging', service: 'x' }],
    ['clusters/{environment}/{service}', { environment: '..', service: '..' }],
    ['{service}', { environment: 'staging', service: '../../outside' }],
  ])('refuses %s with %j, which leaves the repository', (template, values) => {
    expect(() => servicePath(template, values)).toThrow(
      InvalidServicePathError,
    );
  });

  it('names an unknown placeholder', () => {
    expect(() =>
      servicePath('clusters/{env}/{service}', {
        environment: 'staging',
        service: 'x',
      }),
    ).toThrow('unknown placeholder {env}');
  });
});
