import { canarySpecProblems } from '@slipway/model';
import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import type { CanaryResource } from './canaryResource';
import { StepFailure, withConditions } from './canaryConditions';
import { namedRouter, RouterError } from './namedRouter';
import { tickCanary } from './tickCanary';
import type { CanaryTickContext, CanaryTickResult } from './tickTypes';
import { redactSecrets } from '../security/redact';

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
      /** Why the step did not work, also the Canary's `Ready=False`. */
      failure?: StepFailure;
    })
  | undefined
> {
  const canary = await readCanary(context.client, ref);
  if (!canary) {
    return undefined;
  }
  const { result, failure } = await tickOrFailure(canary, context);
  const written = await context.client.replaceStatus({
    ...canary,
    status: withConditions(
      result.status,
      canary.metadata.generation,
      context.now,
      failure,
    ),
  });
  return {
    ...result,
    status: written.status ?? result.status,
    failure,
    canary: written,
    previous: canary.status,
    previousVersion: canary.metadata.resourceVersion,
  };
}

/**
 * The tick's result, or the status unchanged but for its message when the
 * spec is invalid or a step threw: the phase stays, and the next tick tries
 * again from the same state.
 */
async function tickOrFailure(
  canary: CanaryResource,
  context: Omit<CanaryTickContext, 'canary'>,
): Promise<{ result: CanaryTickResult; failure?: StepFailure }> {
  const unchanged = (failure: StepFailure) => ({
    result: {
      status: { ...canary.status, message: failure.message },
      measurements: [],
    },
    failure,
  });
  const problems = canarySpecProblems(canary.spec);
  if (problems.length > 0) {
    return unchanged({
      reason: 'InvalidSpec',
      message: `invalid spec: ${problems.join('; ')}`,
    });
  }
  try {
    return {
      result: await tickCanary({
        ...context,
        canary,
        router: namedRouter(context.router, canary),
      }),
    };
  } catch (error) {
    return unchanged({
      reason: error instanceof RouterError ? 'RouterFailed' : 'StepFailed',
      message: redactSecrets((error as Error).message),
    });
  }
}
