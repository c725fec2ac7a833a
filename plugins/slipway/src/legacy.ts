import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { slipwayApiRef } from './api/SlipwayApi';
import { SlipwayClient } from './api/SlipwayClient';

/**
 * Slipway for apps still on the legacy frontend system.
 *
 * @public
 */
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

/**
 * The Delivery tab content for a legacy `EntityLayout.Route`.
 *
 * @public
 */
export const EntitySlipwayDeliveryContent: () => JSX.Element =
  slipwayLegacyPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayDeliveryContent',
      component: {
        lazy: () =>
          import('./components/DeliveryContent').then(m => m.DeliveryContent),
      },
    }),
  );

/**
 * The Canary tab content for a legacy `EntityLayout.Route`.
 *
 * @public
 */
export const EntitySlipwayCanaryContent: () => JSX.Element =
  slipwayLegacyPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayCanaryContent',
      component: {
        lazy: () =>
          import('./components/CanaryContent').then(m => m.CanaryContent),
      },
    }),
  );

/**
 * The Releases tab content for a legacy `EntityLayout.Route`.
 *
 * @public
 */
export const EntitySlipwayReleasesContent: () => JSX.Element =
  slipwayLegacyPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayReleasesContent',
      component: {
        lazy: () =>
          import('./components/ReleasesContent').then(m => m.ReleasesContent),
      },
    }),
  );

/**
 * The overview card for a legacy entity overview page.
 *
 * @public
 */
export const EntitySlipwayOverviewCard: () => JSX.Element =
  slipwayLegacyPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayOverviewCard',
      component: {
        lazy: () =>
          import('./components/OverviewCard').then(m => m.SlipwayOverviewCard),
      },
    }),
  );

/**
 * The DORA card for a legacy entity overview page.
 *
 * @public
 */
export const EntitySlipwayDoraCard: () => JSX.Element =
  slipwayLegacyPlugin.provide(
    createComponentExtension({
      name: 'EntitySlipwayDoraCard',
      component: {
        lazy: () => import('./components/Dora').then(m => m.DoraCard),
      },
    }),
  );

/**
 * The Delivery performance page (every service's DORA figures) for a legacy `Route`.
 *
 * @public
 */
export const SlipwayDoraPage: () => JSX.Element = slipwayLegacyPlugin.provide(
  createComponentExtension({
    name: 'SlipwayDoraPage',
    component: {
      lazy: () => import('./components/Dora').then(m => m.DoraPage),
    },
  }),
);
