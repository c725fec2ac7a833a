import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  slipwaySyncPermission,
  slipwaySuspendPermission,
} from '@slipway/backstage-plugin-slipway-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import { SlipwayOwnerPolicy } from './slipwayPermissionPolicy';

describe('SlipwayOwnerPolicy', () => {
  const policy = new SlipwayOwnerPolicy();
  const user = {
    identity: {
      type: 'user' as const,
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: [
        'user:default/guest',
        'group:default/storefront-team',
      ],
    },
    info: {
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: [
        'user:default/guest',
        'group:default/storefront-team',
      ],
    },
    token: 'token',
    credentials: {} as any,
  };

  it("allows Slipway's actions only to the entity's owners", async () => {
    for (const permission of [
      slipwaySyncPermission,
      slipwaySuspendPermission,
    ]) {
      expect(await policy.handle({ permission }, user)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: user.info.ownershipEntityRefs },
        },
      });
    }
  });

  it("allows the kubernetes plugin's proxy to nobody, and still lets the Kubernetes tab read", async () => {
    expect(
      await policy.handle({ permission: kubernetesProxyPermission }, user),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle(
        { permission: kubernetesResourcesReadPermission },
        user,
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('allows everything else', async () => {
    expect(
      await policy.handle({ permission: catalogEntityReadPermission }, user),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
