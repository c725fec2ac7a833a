import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SlipwayClient, slipwayApiRef } from './api/SlipwayApi';

/** Slipway for apps still on the legacy frontend system. */
export const slipwayLegacyPlugin = createPlugin({
  id: 'slipway',
  apis: [
    createApiFactory({
      api: slipwayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SlipwayClient(deps),
    }),
  ],
});

/** The Delivery tab content for a legacy `EntityLayout.Route`. */
export const EntitySlipwayDeliveryContent = slipwayLegacyPlugin.provide(
  createComponentExtension({
    name: 'EntitySlipwayDeliveryContent',
    component: {
      lazy: () =>
        import('./components/DeliveryContent').then(m => m.DeliveryContent),
    },
  }),
);
