import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';

/**
 * The example app's policy: Slipway's actions (sync, suspend, canary
 * control, promote) are allowed to the owners of the entity, through the
 * catalog's isEntityOwner rule. The kubernetes plugin's proxy, which talks
 * to a cluster with the plugin's own credentials for whoever calls it, is
 * allowed to nobody (the Kubernetes tab does not need it). Everything else
 * is allowed. Copy it into your own policy and tighten the rest.
 */
export class SlipwayOwnerPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (request.permission.name === kubernetesProxyPermission.name) {
      return { result: AuthorizeResult.DENY };
    }
    if (
      request.permission.name.startsWith('slipway.') &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'slipway-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new SlipwayOwnerPolicy());
      },
    });
  },
});
