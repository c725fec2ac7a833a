import { mockServices } from '@backstage/backend-test-utils';
import type { SignalPayload } from '@backstage/plugin-signals-node';
import { LiveUpdates } from './LiveUpdates';

describe('LiveUpdates', () => {
  const published: SignalPayload[] = [];
  const signals = {
    publish: async (signal: SignalPayload) => {
      published.push(signal);
    },
  };
  let live: LiveUpdates;
  beforeEach(() => {
    published.length = 0;
    jest.useFakeTimers();
    live = new LiveUpdates(signals, mockServices.logger.mock());
  });
  afterEach(() => {
    live.stop();
    jest.useRealTimers();
  });

  it("publishes one signal on the entity's channel for changes close together, per kind", () => {
    for (let i = 0; i < 50; i++) {
      live.changed('component:default/checkout', 'canary');
    }
    live.changed('component:default/checkout', 'delivery');
    live.changed('component:default/payments', 'canary');
    live.changed(undefined, 'canary');
    expect(published).toEqual([]);
    jest.advanceTimersByTime(250);
    expect(published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'slipway:entity:component:default/checkout',
        message: { kind: 'canary' },
      },
      {
        recipients: { type: 'broadcast' },
        channel: 'slipway:entity:component:default/checkout',
        message: { kind: 'delivery' },
      },
      {
        recipients: { type: 'broadcast' },
        channel: 'slipway:entity:component:default/payments',
        message: { kind: 'canary' },
      },
    ]);
    live.changed('component:default/checkout', 'canary');
    jest.advanceTimersByTime(250);
    expect(published).toHaveLength(4);
  });
});
