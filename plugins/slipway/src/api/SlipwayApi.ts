import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DeliveryTarget } from '@slipway/backstage-plugin-slipway-common';

export type { DeliveryTarget };

export interface SlipwayApi {
  getDeliveryTargets(entity: CompoundEntityRef): Promise<DeliveryTarget[]>;
}

export const slipwayApiRef = createApiRef<SlipwayApi>({ id: 'plugin.slipway' });

/** Talks to the slipway backend plugin over the Backstage fetch API. */
export class SlipwayClient implements SlipwayApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getDeliveryTargets(entity: CompoundEntityRef) {
    const base = await this.deps.discoveryApi.getBaseUrl('slipway');
    const path = [entity.kind, entity.namespace, entity.name]
      .map(p => encodeURIComponent(p.toLocaleLowerCase('en-US')))
      .join('/');
    const res = await this.deps.fetchApi.fetch(
      `${base}/entities/${path}/targets`,
    );
    if (!res.ok) {
      const body = await res.json().catch(() => undefined);
      throw new Error(
        body?.error?.message ??
          `Slipway backend answered ${res.status} ${res.statusText}`,
      );
    }
    const { items } = await res.json();
    return items as DeliveryTarget[];
  }
}
