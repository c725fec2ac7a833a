import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { slipwayApiRef } from './api/SlipwayApi';
import { SlipwayClient } from './api/SlipwayClient';

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

/** The Canary tab: live runs with their steps, charts and actions. */
export const entityCanaryContent = EntityContentBlueprint.make({
  name: 'canary',
  params: {
    path: '/canary',
    title: 'Canary',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/CanaryContent').then(m => <m.CanaryContent />),
  },
});

/** The overview card: revision and health per environment, the canary while one runs. */
export const entityDeliveryCard = EntityCardBlueprint.make({
  name: 'delivery',
  params: {
    type: 'info',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/OverviewCard').then(m => <m.SlipwayOverviewCard />),
  },
});

/** @public */
export const slipwayPlugin = createFrontendPlugin({
  pluginId: 'slipway',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    slipwayApi,
    entityDeliveryContent,
    entityCanaryContent,
    entityDeliveryCard,
  ],
});
