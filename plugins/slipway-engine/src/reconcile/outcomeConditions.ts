import { Condition, setCondition } from './conditions';
import type { TargetStatus } from './targetStatus';

type Status = 'True' | 'False';

/** Sets Ready, Reconciling and Stalled together, with one reason and message. */
function setOutcome(
  conditions: Condition[],
  outcome: {
    ready: Status;
    reconciling: Status;
    stalled: Status;
    reason: string;
    message: string;
  },
  now: Date,
): Condition[] {
  const { reason, message } = outcome;
  const says = (status: Status) => (status === 'True' ? message : '');
  let next = setCondition(
    conditions,
    { type: 'Ready', status: outcome.ready, reason, message },
    now,
  );
  next = setCondition(
    next,
    {
      type: 'Reconciling',
      status: outcome.reconciling,
      reason,
      message: says(outcome.reconciling),
    },
    now,
  );
  return setCondition(
    next,
    {
      type: 'Stalled',
      status: outcome.stalled,
      reason,
      message: says(outcome.stalled),
    },
    now,
  );
}

/**
 * After a stage failed. Stalled means only a new commit helps (invalid manifests).
 *
 * @public
 */
export function failedConditions(
  conditions: Condition[],
  failure: { reason: string; message: string; stalled: boolean },
  now: Date,
): Condition[] {
  return setOutcome(
    conditions,
    {
      ready: 'False',
      reconciling: 'False',
      stalled: failure.stalled ? 'True' : 'False',
      reason: failure.reason,
      message: failure.message,
    },
    now,
  );
}

/** After a full apply, from the health of the inventory. */
export function appliedConditions(
  conditions: Condition[],
  health: TargetStatus['health'],
  revision: string,
  timing: {
    now: Date;
    progressingSince: Date;
    progressDeadlineSeconds: number;
  },
): Condition[] {
  const { now } = timing;
  const list = (status: string) =>
    health
      .filter(h => h.status === status)
      .map(h => `${h.ref.kind}/${h.ref.name}: ${h.message}`)
      .join('; ');
  const failed = list('Failed');
  const progressing = list('Progressing');
  if (failed) {
    return setOutcome(
      conditions,
      {
        ready: 'False',
        reconciling: 'False',
        stalled: 'False',
        reason: 'HealthCheckFailed',
        message: failed,
      },
      now,
    );
  }
  const overdue =
    now.getTime() - timing.progressingSince.getTime() >
    timing.progressDeadlineSeconds * 1000;
  if (progressing && overdue) {
    return setOutcome(
      conditions,
      {
        ready: 'False',
        reconciling: 'False',
        stalled: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `not healthy ${
          timing.progressDeadlineSeconds
        } s after revision ${revision.slice(
          0,
          12,
        )} was applied: ${progressing}`,
      },
      now,
    );
  }
  if (progressing) {
    return setOutcome(
      conditions,
      {
        ready: 'False',
        reconciling: 'True',
        stalled: 'False',
        reason: 'Progressing',
        message: progressing,
      },
      now,
    );
  }
  return setOutcome(
    conditions,
    {
      ready: 'True',
      reconciling: 'False',
      stalled: 'False',
      reason: 'ReconciliationSucceeded',
      message: `Applied revision ${revision}`,
    },
    now,
  );
}
