import type {
  DeliveryStatus,
  InventoryItem,
  ServingStatus,
} from '@slipway/backstage-plugin-slipway-common';

/** The first Canary of the row whose failed version Git still holds. */
export const rolledBackOf = (d: DeliveryStatus) =>
  d.serving?.find(s => s.rolledBack);

export type SyncState =
  | 'Synced'
  | 'OutOfSync'
  | 'Drifted'
  | 'Failed'
  | 'RolledBack'
  | 'Frozen'
  | 'Suspended'
  | 'Conflict';

const isTrue = (d: DeliveryStatus, type: string) =>
  d.conditions.some(c => c.type === type && c.status === 'True');

/**
 * One word for where an environment stands against Git: Conflict (another
 * entity holds the service or path here) wins, then Suspended,
 * then Failed (stalled, or the last attempt did not apply), RolledBack (Git
 * holds a version whose canary failed; the primary serves the one before),
 * Frozen (a newer revision waits for a freeze to end), Drifted (a
 * detect-only target whose cluster differs), OutOfSync (Git is ahead or a
 * rollout is under way), else Synced.
 */
export function syncStateOf(d: DeliveryStatus): SyncState {
  if (d.conflict) return 'Conflict';
  if (d.suspended) return 'Suspended';
  const ready = d.conditions.find(c => c.type === 'Ready');
  if (
    isTrue(d, 'Stalled') ||
    (ready?.status === 'False' && !isTrue(d, 'Reconciling'))
  ) {
    return 'Failed';
  }
  if (rolledBackOf(d)) return 'RolledBack';
  if (d.freeze?.waiting) return 'Frozen';
  if (d.drift && !d.drift.corrected) return 'Drifted';
  if (
    !d.lastAppliedRevision ||
    d.lastAppliedRevision !== d.lastAttemptedRevision ||
    isTrue(d, 'Reconciling')
  ) {
    return 'OutOfSync';
  }
  return 'Synced';
}

export type Health = 'Healthy' | 'Progressing' | 'Failed' | 'Unknown';

/** The worst health of the inventory; Unknown when nothing is applied yet. */
export function healthOf(inventory: InventoryItem[]): Health {
  if (inventory.length === 0) return 'Unknown';
  for (const status of ['Failed', 'Progressing', 'Unknown'] as const) {
    if (inventory.some(i => i.status === status)) return status;
  }
  return 'Healthy';
}

/** Why the environment is not Synced, in the engine's words. */
export function stateMessage(d: DeliveryStatus): string | undefined {
  if (d.conflict) {
    return `Not delivered: ${d.conflict.reason} belongs to ${
      d.conflict.heldBy
    } (since ${new Date(
      d.conflict.since,
    ).toLocaleString()}). Change this component's slipway.io annotations, or ask the holder to give it up.`;
  }
  if (d.suspended) {
    return `Suspended${d.suspendedBy ? ` by ${d.suspendedBy}` : ''}`;
  }
  const ready = d.conditions.find(c => c.type === 'Ready');
  if (ready?.status !== 'False') {
    return undefined;
  }
  if (ready.reason === 'ClusterUnreachable') {
    return `Cluster ${d.cluster} is unreachable (${ready.message}): check its entry in the kubernetes config and its credentials. The last known state is shown.`;
  }
  return ready.message || undefined;
}

/** A prune that waits for an owner, in one sentence; undefined when none does. */
export function pendingPruneMessage(d: DeliveryStatus): string | undefined {
  const pending = d.pendingPrune;
  if (!pending) {
    return undefined;
  }
  return `Prune waiting for confirmation since ${new Date(
    pending.since,
  ).toLocaleString()}: ${pending.objects.length} of ${
    pending.of
  } objects left Git and are kept until an owner confirms.`;
}

/** Other entities that claim what this row holds, in one sentence; undefined when none do. */
export function contestMessage(d: DeliveryStatus): string | undefined {
  if (!d.contestedBy?.length) {
    return undefined;
  }
  return `Also claimed by ${d.contestedBy
    .map(
      c =>
        `${c.entityRef} (${c.reason}, since ${new Date(
          c.since,
        ).toLocaleString()})`,
    )
    .join(', ')}: they reconcile nothing while this component holds it.`;
}

/** `podinfo:6.0.2` for `ghcr.io/stefanprodan/podinfo:6.0.2`; a digest cut to 12 characters. */
export const shortImage = (ref: string) =>
  (ref.split('/').pop() ?? ref).replace(
    /@sha256:([0-9a-f]{12})[0-9a-f]*/,
    '@$1',
  );

/**
 * What Git holds and what serves after a failed run, naming only the
 * images that differ (sidecars alike in both are left out). Once the
 * environment has applied Slipway's revert commit, Git says what serves
 * again: the row says so until the Canary has seen it.
 */
export function rolledBackMessage(
  serving: ServingStatus,
  appliedCommit?: string,
): string {
  const failed = serving.rolledBack!;
  const gitOnly = failed.gitImages.filter(i => !serving.images.includes(i));
  const servingOnly = serving.images.filter(i => !failed.gitImages.includes(i));
  const why = `(canary ${serving.canary}: ${failed.reason})`;
  const revert = failed.revert;
  if (
    revert?.mode === 'commit' &&
    revert.revision &&
    revert.revision === appliedCommit
  ) {
    return `Rolled back, and reverted in ${revert.revision.slice(
      0,
      7,
    )}: serving ${
      servingOnly.map(shortImage).join(', ') || 'the version before'
    } as Git says again ${why}`;
  }
  const versions =
    gitOnly.length > 0 && servingOnly.length > 0
      ? `Git has ${gitOnly.map(shortImage).join(', ')}, serving ${servingOnly
          .map(shortImage)
          .join(', ')}`
      : `Git has a version that failed its canary, the primary serves the one before`;
  return `Rolled back: ${versions} ${why}`;
}

/** A freeze in force, in one sentence: until when, who or which window, why. */
export function freezeMessage(
  d: DeliveryStatus,
  now = Date.now(),
): string | undefined {
  const freeze = d.freeze;
  if (!freeze || Date.parse(freeze.until) <= now) {
    return undefined;
  }
  const until = new Date(freeze.until).toLocaleString();
  return freeze.kind === 'window'
    ? `${d.environment} is frozen until ${until} (window ${freeze.reason})`
    : `${d.environment} is frozen until ${until} by ${freeze.by}: ${freeze.reason}`;
}
