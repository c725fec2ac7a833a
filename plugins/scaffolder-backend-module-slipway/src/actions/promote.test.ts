import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { PromotionResponse } from '@slipway/backstage-plugin-slipway-common';
import { createPromoteAction } from './promote';

const committed: PromotionResponse = {
  from: 'staging',
  to: 'production',
  sourceRevision: 'a'.repeat(40),
  mode: 'commit',
  changed: true,
  branch: 'main',
  revision: 'b'.repeat(40),
  changes: [
    {
      file: 'clusters/production/orders/app.yaml',
      name: 'registry.example.com/orders',
      from: 'registry.example.com/orders:1.3.2',
      to: 'registry.example.com/orders:1.4.0',
    },
  ],
};

/**
 * The action asks Slipway's backend as the template's runner; what the
 * backend decides (permission, readiness, the Git change) is tested with
 * the backend (tenancy.integration.test.ts, newService.integration.test.ts).
 */
describe('slipway:promote', () => {
  const ada = mockCredentials.user('user:default/ada');

  it("promotes with the runner's credentials and says what changed", async () => {
    const promote = jest.fn(async () => committed);
    const action = createPromoteAction({ promote });
    const ctx = {
      ...createMockActionContext({
        input: { entityRef: 'orders', to: 'production', reason: 'green' },
      }),
      getInitiatorCredentials: async () => ada,
    };

    await action.handler(ctx as any);

    expect(promote).toHaveBeenCalledWith(
      {
        entity: { kind: 'component', namespace: 'default', name: 'orders' },
        to: 'production',
        from: undefined,
        reason: 'green',
      },
      ada,
    );
    expect(ctx.output).toHaveBeenCalledWith('mode', 'commit');
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(ctx.output).toHaveBeenCalledWith('revision', 'b'.repeat(40));
    expect(ctx.output).toHaveBeenCalledWith('changes', [
      {
        file: 'clusters/production/orders/app.yaml',
        from: 'registry.example.com/orders:1.3.2',
        to: 'registry.example.com/orders:1.4.0',
      },
    ]);
  });

  it("fails with the backend's refusal", async () => {
    const action = createPromoteAction({
      promote: async () => {
        throw new NotAllowedError(
          'Not allowed to slipway.environment.promote on component:default/orders',
        );
      },
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: { entityRef: 'component:default/orders', to: 'production' },
        }),
      ),
    ).rejects.toThrow('Not allowed to slipway.environment.promote');
  });

  it('writes nothing on a dry run, and names a bad entity reference', async () => {
    const promote = jest.fn();
    const action = createPromoteAction({ promote });
    const dry = {
      ...createMockActionContext({
        input: { entityRef: 'component:default/orders', to: 'production' },
      }),
      isDryRun: true,
    };
    await action.handler(dry as any);
    expect(promote).not.toHaveBeenCalled();
    expect(dry.output).toHaveBeenCalledWith('mode', 'dry-run');
    await expect(
      action.handler(
        createMockActionContext({
          input: { entityRef: 'component:', to: 'production' },
        }),
      ),
    ).rejects.toThrow(/^input\.entityRef: /);
  });
});
