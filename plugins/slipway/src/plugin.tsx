import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { SlipwayClient, slipwayApiRef } from './api/SlipwayApi';

export const slipwayApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: slipwayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SlipwayClient(deps),
    }),
});

/** The Delivery tab, on Components (the tab explains which annotation to add). */
export const entityDeliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: '/delivery',
    title: 'Delivery',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/DeliveryContent').then(m => <m.DeliveryContent />),
  },
});

export const slipwayPlugin = createFrontendPlugin({
  pluginId: 'slipway',
  info: { packageJson: () => import('../package.json') },
  extensions: [slipwayApi, entityDeliveryContent],
});
