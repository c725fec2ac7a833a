import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';

const ICONS = {
  ok: StatusOK,
  error: StatusError,
  warning: StatusWarning,
  pending: StatusPending,
  running: StatusRunning,
  aborted: StatusAborted,
};

const KIND_OF: Record<string, keyof typeof ICONS> = {
  Synced: 'ok',
  Healthy: 'ok',
  Succeeded: 'ok',
  Released: 'ok',
  Analysing: 'running',
  Superseded: 'aborted',
  OutOfSync: 'pending',
  Progressing: 'running',
  Promoting: 'running',
  Finalising: 'running',
  Initializing: 'pending',
  Initialized: 'pending',
  Waiting: 'pending',
  WaitingPromotion: 'pending',
  Drifted: 'warning',
  RolledBack: 'warning',
  Frozen: 'pending',
  Unknown: 'aborted',
  Suspended: 'aborted',
  Paused: 'aborted',
  Failed: 'error',
  Conflict: 'error',
};

/** A state word with Backstage's status icon of its kind, never broken across lines. */
export function StateLabel({ state }: { state: string }) {
  const Icon = ICONS[KIND_OF[state] ?? 'aborted'];
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Icon>{state}</Icon>
    </span>
  );
}
