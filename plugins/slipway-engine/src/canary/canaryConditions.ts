import type {
  CanaryCondition,
  CanaryPhase,
  CanaryStatus,
} from '@slipway/model';

/**
 * Why a step did not work: a word for `reason`, a sentence for `message`.
 *
 * @public
 */
export type StepFailure = { reason: string; message: string };

/** As Flagger: the primary runs the latest version once initialized or promoted, not after a failed run. */
function promoted(phase: CanaryPhase | undefined): CanaryCondition['status'] {
  if (phase === 'Initialized' || phase === 'Succeeded') return 'True';
  if (phase === 'Failed') return 'False';
  return 'Unknown';
}

/** A condition as it now is, keeping its transition time while its status stays. */
function condition(
  previous: CanaryCondition[] | undefined,
  next: Omit<CanaryCondition, 'lastTransitionTime'>,
  now: Date,
): CanaryCondition {
  const before = previous?.find(c => c.type === next.type);
  return {
    ...next,
    lastTransitionTime:
      before && before.status === next.status
        ? before.lastTransitionTime
        : now.toISOString(),
  };
}

/**
 * The status with its `Ready` and `Promoted` conditions written: `Ready`
 * is False with what failed when the step did not work, and the phase
 * stays what it was.
 */
export function withConditions(
  status: CanaryStatus,
  observedGeneration: number | undefined,
  now: Date,
  failure?: StepFailure,
): CanaryStatus {
  const phase = status.phase ?? 'Initializing';
  return {
    ...status,
    conditions: [
      condition(
        status.conditions,
        failure
          ? { type: 'Ready', status: 'False', ...failure, observedGeneration }
          : {
              type: 'Ready',
              status: 'True',
              reason: phase,
              message: status.message ?? '',
              observedGeneration,
            },
        now,
      ),
      condition(
        status.conditions,
        {
          type: 'Promoted',
          status: promoted(status.phase),
          reason: phase,
          message: status.message ?? '',
          observedGeneration,
        },
        now,
      ),
    ],
  };
}
