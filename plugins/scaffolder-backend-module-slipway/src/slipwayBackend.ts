import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { PromotionResponse } from '@slipway/backstage-plugin-slipway-common';

/**
 * What slipway:promote asks Slipway's backend for: the entity, the environment to write and the one to take the images from.
 *
 * @public
 */
export type PromoteRequest = {
  entity: CompoundEntityRef;
  to: string;
  from?: string;
  reason?: string;
};

/**
 * Promotes through Slipway's backend, as the given user.
 *
 * @public
 */
export type PromoteThroughSlipway = (
  request: PromoteRequest,
  credentials: BackstageCredentials,
) => Promise<PromotionResponse>;

/**
 * Calls Slipway's own promote route on behalf of the template's runner, so
 * an action is held to exactly the rules of the Promote button: the
 * `slipway.environment.promote` permission, an entity that holds its
 * service, a Ready source environment, and the audit event.
 *
 * @public
 */
export function promoteThroughSlipway(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
}): PromoteThroughSlipway {
  return async (request, credentials) => {
    const { entity, to } = request;
    const [base, { token }] = await Promise.all([
      deps.discovery.getBaseUrl('slipway'),
      deps.auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'slipway',
      }),
    ]);
    const path = [
      'entities',
      entity.kind,
      entity.namespace,
      entity.name,
      'environments',
      to,
      'promote',
    ]
      .map(encodeURIComponent)
      .join('/');
    const response = await fetch(`${base}/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ from: request.from, reason: request.reason }),
    });
    if (!response.ok) {
      // The backend's own error (NotAllowedError, ConflictError...) with its message, for the task log.
      const error = await ResponseError.fromResponse(response);
      throw error.cause ?? error;
    }
    return (await response.json()) as PromotionResponse;
  };
}
