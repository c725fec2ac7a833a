import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { RiLineChartLine } from '@remixicon/react';
import { slipwayApiRef } from './api/SlipwayApi';
import { SlipwayClient } from './api/SlipwayClient';
import { isSlipwayAvailable } from './isSlipwayAvailable';

export const slipwayApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: slipwayApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new SlipwayClient(deps),
    }),
});

/** The Delivery tab, on entities Slipway delivers (`slipway.io/environments`). */
export const entityDeliveryContent = EntityContentBlueprint.make({
  name: 'delivery',
  params: {
    path: '/delivery',
    title: 'Delivery',
    filter: isSlipwayAvailable,
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
    filter: isSlipwayAvailable,
    loader: () =>
      import('./components/CanaryContent').then(m => <m.CanaryContent />),
  },
});

/** The Releases tab: every release in every environment with its canary verdict. */
export const entityReleasesContent = EntityContentBlueprint.make({
  name: 'releases',
  params: {
    path: '/releases',
    title: 'Releases',
    filter: isSlipwayAvailable,
    loader: () =>
      import('./components/ReleasesContent').then(m => <m.ReleasesContent />),
  },
});

/** The overview card: revision and health per environment, the canary while one runs. */
export const entityDeliveryCard = EntityCardBlueprint.make({
  name: 'delivery',
  params: {
    type: 'info',
    filter: isSlipwayAvailable,
    loader: () =>
      import('./components/OverviewCard').then(m => <m.SlipwayOverviewCard />),
  },
});

/** An entity card: DORA figures per environment over the last 30 days. */
export const entityDoraCard = EntityCardBlueprint.make({
  name: 'dora',
  params: {
    type: 'content',
    filter: isSlipwayAvailable,
    loader: () => import('./components/Dora').then(m => <m.DoraCard />),
  },
});

/** Where the page of every service's DORA figures is. */
export const doraPageRouteRef = createRouteRef();

/** A page of every service Slipway delivers, with its DORA figures, sortable and by team. */
export const doraPage = PageBlueprint.make({
  name: 'dora',
  params: {
    path: '/slipway/dora',
    title: 'Delivery performance',
    icon: <RiLineChartLine />,
    routeRef: doraPageRouteRef,
    loader: () => import('./components/Dora').then(m => <m.DoraPage />),
  },
});

/**
 * Slipway's frontend plugin (new frontend system): the API, the Delivery, Canary and Releases tabs, the overview and DORA cards on entities {@link isSlipwayAvailable} accepts, and the Delivery performance page.
 *
 * @public
 */
export const slipwayPlugin = createFrontendPlugin({
  pluginId: 'slipway',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    slipwayApi,
    entityDeliveryContent,
    entityCanaryContent,
    entityReleasesContent,
    entityDeliveryCard,
    entityDoraCard,
    doraPage,
  ],
  routes: { dora: doraPageRouteRef },
});
