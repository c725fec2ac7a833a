import { canarySpecProblems } from '@slipway/backstage-plugin-slipway-common';
import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import type { CanaryResource } from './canaryResource';
import { CanaryTickContext, CanaryTickResult, tickCanary } from './tickCanary';

/**
 * Which Canary: its namespace and name.
 *
 * @public
 */
export type CanaryRef = { namespace: string; name: string };

/**
 * Reads a Canary from its cluster, or undefined when it is gone.
 *
 * @public
 */
export const readCanary = (client: ObjectClient, ref: CanaryRef) =>
  readObject<CanaryResource>(
    client,
    'slipway.io/v1alpha1',
    'Canary',
    ref.namespace,
    ref.name,
  );

/**
 * Reads a Canary, takes one step and writes its status with the
 * resourceVersion it read: if anyone wrote the Canary meanwhile, the API
 * server refuses (409) and the step is retried on the next tick, from the
 * newer state. Undefined when the Canary no longer exists.
 *
 * @public
 */
export async function runCanaryTick(
  ref: CanaryRef,
  context: Omit<CanaryTickContext, 'canary'>,
): Promise<
  | (CanaryTickResult & {
      canary: CanaryResource;
      /** The status the tick started from. */
      previous?: CanaryResource['status'];
      /** The resourceVersion the tick read. */
      previousVersion?: string;
    })
  | undefined
> {
  const canary = await readCanary(context.client, ref);
  if (!canary) {
    return undefined;
  }
  const problems = canarySpecProblems(canary.spec);
  const result: CanaryTickResult =
    problems.length > 0
      ? {
          status: {
            ...canary.status,
            message: `invalid spec: ${problems.join('; ')}`,
          },
          measurements: [],
        }
      : await tickCanary({ ...context, canary });
  const written = await context.client.replaceStatus({
    ...canary,
    status: result.status,
  });
  return {
    ...result,
    canary: written,
    previous: canary.status,
    previousVersion: canary.metadata.resourceVersion,
  };
}
