import { targetLabels, targetSelector } from './labels';

describe('target labels', () => {
  it('ties objects to their service and environment', () => {
    const target = { service: 'checkout', environment: 'staging' };
    expect(targetLabels(target)).toEqual({
      'slipway.io/service': 'checkout',
      'slipway.io/environment': 'staging',
    });
    expect(targetSelector(target)).toBe(
      'slipway.io/service=checkout,slipway.io/environment=staging',
    );
  });
});
