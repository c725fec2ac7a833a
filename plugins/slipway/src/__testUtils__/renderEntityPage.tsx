import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { alertApiRef } from '@backstage/frontend-plugin-api';
import type { RenderResult } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef, SignalApi } from '@backstage/plugin-signals-react';
import { SWRConfig } from 'swr';
import { slipwayApiRef } from '../api/SlipwayApi';
import { SlipwayClient } from '../api/SlipwayClient';

/** Where the tests' msw handlers answer: the slipway backend's base URL. */
export const API = 'http://backstage.test/api/slipway';
export const ENTITY_API = `${API}/entities/component/default/checkout`;

export const serviceEntity = (
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: annotations ?? {
      'slipway.io/environments': 'staging,production',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/storefront-team',
    lifecycle: 'production',
  },
});

/**
 * Renders an entity page element with the real SlipwayClient (talking to
 * msw) and a permission answer: `allow` (the user owns the entity) or `deny`.
 */
export function renderEntityPage(
  element: JSX.Element,
  options: {
    entity?: Entity;
    permission?: 'allow' | 'deny';
    /** Backstage signals, as an app with the signals plugin has them. */
    signals?: SignalApi;
  } = {},
): RenderResult & { alertApi: ReturnType<typeof mockApis.alert> } {
  const alertApi = mockApis.alert();
  const result = renderInTestApp(
    // A fresh permission cache per render: usePermission keeps answers in SWR's global one.
    <SWRConfig value={{ provider: () => new Map() }}>
      <EntityProvider entity={options.entity ?? serviceEntity()}>
        {element}
      </EntityProvider>
    </SWRConfig>,
    {
      apis: [
        [
          slipwayApiRef,
          new SlipwayClient({
            discoveryApi: mockApis.discovery({
              baseUrl: 'http://backstage.test',
            }),
            fetchApi: { fetch: (input: any, init: any) => fetch(input, init) },
          }),
        ],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.permission === 'deny'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
        [alertApiRef, alertApi],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ],
    },
  );
  return { ...result, alertApi };
}

/** Signals as the signals plugin delivers them, sent by the test. */
export function testSignals() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage as (message: any) => void);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage as any) };
    },
  };
  const send = (channel: string, message: object) =>
    subscribers.get(channel)?.forEach(onMessage => onMessage(message));
  return { api, send, channels: () => [...subscribers.keys()] };
}
