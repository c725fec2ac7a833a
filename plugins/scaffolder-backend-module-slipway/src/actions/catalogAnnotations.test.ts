import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { testEnvironment } from '../__testUtils__/testEnvironment';
import { createCatalogAnnotationsAction } from './catalogAnnotations';

const environments = ['staging', 'production'].map(name =>
  testEnvironment(name, 'file:///config'),
);

describe('slipway:catalog:annotations', () => {
  const action = createCatalogAnnotationsAction({ environments });

  it('orders the chosen environments as app-config does', async () => {
    const ctx = createMockActionContext({
      input: { environments: ['production', 'staging'] },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('annotations', {
      'slipway.io/environments': 'staging,production',
    });
  });

  it('refuses an environment app-config does not define, naming the field', async () => {
    const ctx = createMockActionContext({ input: { environments: ['qa'] } });
    await expect(action.handler(ctx)).rejects.toThrow(
      'input.environments: qa is not an environment in app-config slipway.environments (known: staging, production)',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('carries a path override', async () => {
    const ctx = createMockActionContext({
      input: { environments: ['staging'], path: 'apps/checkout' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('annotations', {
      'slipway.io/environments': 'staging',
      'slipway.io/path': 'apps/checkout',
    });
  });
});
