import type { ReleaseOrigin } from './changeTrailers';
import type {
  CanaryMeasurement,
  CanaryPhase,
  CanaryRun,
  CanarySpec,
  CanaryStatus,
} from '@slipway/model';
import type { DeliveryTarget } from '@slipway/model';

/**
 * A Kubernetes object, as the inventory names it.
 *
 * @public
 */
export type ObjectReference = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
};

/**
 * The health of one live object, as its kind's health check judges it.
 *
 * @public
 */
export type ObjectHealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Failed'
  | 'Unknown';

/**
 * One object of a target's inventory and what its health check said.
 *
 * @public
 */
export type InventoryItem = {
  ref: ObjectReference;
  status: ObjectHealthStatus | string;
  message: string;
};

/**
 * A chart a release rendered: its name, the version used, and where it came from (a path in the config repository, a chart repository's URL, or `oci://…`).
 *
 * @public
 */
export type ChartReference = { name: string; version: string; source: string };

/**
 * A field that differs, live → desired, with the field managers that own it.
 *
 * @public
 */
export type FieldDiff = {
  path: string;
  before?: unknown;
  after?: unknown;
  managers?: string[];
};

/**
 * A condition of a delivery target, as Kubernetes conditions are written: Ready, Reconciling or Stalled.
 *
 * @public
 */
export type DeliveryCondition = {
  type: 'Ready' | 'Reconciling' | 'Stalled' | string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
};

/**
 * What the last drift check found: the live fields that differed from Git, per object.
 *
 * @public
 */
export type DriftReport = {
  detectedAt: string;
  /** False when the target is detect-only: the cluster still differs. */
  corrected: boolean;
  objects: Array<{ ref: ObjectReference; fields: FieldDiff[] }>;
};

/**
 * `GET /entities/:kind/:namespace/:name/delivery`: one per environment.
 *
 * @public
 */
export type DeliveryStatus = DeliveryTarget & {
  suspended: boolean;
  suspendedBy: string | null;
  reconciling: boolean;
  nextRunAt: string | null;
  lastAttemptedRevision: string | null;
  lastAppliedRevision: string | null;
  /** The chart a chart release applied: name, version and where from (a path in the config repository, a chart repository, `oci://…`). */
  chart?: ChartReference | null;
  /** The last commit that changed what this service renders in the environment (its files, or a base they read). */
  commit: {
    revision: string;
    message: string;
    author: string;
    committedAt: string;
    url: string | null;
  } | null;
  conditions: DeliveryCondition[];
  inventory: InventoryItem[];
  drift: DriftReport | null;
  /** The newest reconcile, whatever its result. */
  lastReconcile: {
    startedAt: string;
    durationMs: number;
    result: Reconciliation['result'];
    trigger: string;
  } | null;
  /** Present when the environment takes new images by policy. */
  imageAutomation?: ImageAutomationStatus;
  /**
   * Set when another entity holds this service or path in the environment:
   * nothing is reconciled for this entity there until the claim is settled.
   */
  conflict?: ClaimConflictInfo | null;
  /** Objects that left Git and wait for an owner to confirm their deletion. */
  pendingPrune?: {
    objects: ObjectReference[];
    /** Send it back with the confirmation: it holds for exactly these objects. */
    hash: string;
    /** How many objects the environment had. */
    of: number;
    since: string;
  } | null;
  /** Other entities that claim what this one holds here; they reconcile nothing. */
  contestedBy?: Array<
    Omit<ClaimConflictInfo, 'heldBy'> & { entityRef: string }
  >;
  /** What the service's Canaries serve here, when Canaries govern it. */
  serving?: ServingStatus[];
  /** Releases whose images are held here: image automation and promotion do not bring them again. */
  holds?: Array<Release & { hold: ReleaseHold }>;
  /** Set while the service is frozen here: new revisions, promotions and image automation wait. */
  freeze?: DeliveryFreeze | null;
};

/**
 * A freeze in force on a service in an environment: a window of the
 * environment (app-config) or a person's Freeze now.
 *
 * @public
 */
export type DeliveryFreeze = {
  kind: 'window' | 'manual';
  /** The window's name, or the reason the person gave. */
  reason: string;
  /** Who froze it; absent for a window. */
  by?: string;
  since: string;
  until: string;
  /** The newest revision that changes this service and waits for the freeze to end. */
  waiting?: { revision: string; message?: string; author?: string };
};

/**
 * What one Canary's primary serves in an environment, beside what Git holds.
 *
 * @public
 */
export type ServingStatus = {
  canary: string;
  namespace: string;
  /** Where the canary engine's last tick left it; null before its first. */
  phase: CanaryPhase | null;
  /** The primary's container images; empty until the engine has read them. */
  images: string[];
  /**
   * Set while Git holds a version whose run failed or was aborted and the
   * primary still serves the one before it.
   */
  rolledBack?: {
    runId: string;
    /** The images of the version Git holds, which failed. */
    gitImages: string[];
    /** The run's last word: its failed checks, or who aborted it. */
    reason: string;
    at: string | null;
    /** The revert Slipway proposed or wrote (a pull request or branch while Git still holds the failed version). */
    revert?: ReleaseFollowUp;
  };
};

/**
 * Who holds a contested service or path, and what collides.
 *
 * @public
 */
export type ClaimConflictInfo = {
  /** The entity that holds it (the first to claim it). */
  heldBy: string;
  /** What collides: `service "payments" in staging`, or a path in the config repository. */
  reason: string;
  /** When the conflict was first seen. */
  since: string;
};

/**
 * What image automation last saw and did for one (service, environment).
 *
 * @public
 */
export type ImageAutomationStatus = {
  /** The policy in a few words, or why it is invalid. */
  policy: string;
  image: string | null;
  /** The newest image in the registry that the policy accepts. */
  newest: string | null;
  /** The image in the environment's last applied manifests. */
  deployed: string | null;
  /** The image the environment's branch holds now. */
  inGit: string | null;
  checkedAt: string | null;
  /** Why the last check failed (registry down, policy invalid...); null after a good check. */
  error: string | null;
  lastCommit: {
    revision: string;
    message: string;
    committedAt: string;
    /** The pull request, when the change was proposed rather than committed. */
    url: string | null;
  } | null;
};

/**
 * `GET …/environments/:env/history`: one reconcile, newest first.
 *
 * @public
 */
export type Reconciliation = {
  id?: number;
  trigger: string;
  startedAt: number;
  finishedAt: number;
  revision?: string;
  result: 'applied' | 'unchanged' | 'failed';
  reason: string;
  message: string;
  changes: {
    applied: Array<{ ref: ObjectReference; action: string; diff: FieldDiff[] }>;
    pruned: ObjectReference[];
    kept: ObjectReference[];
  };
};

/**
 * `GET …/environments/:env/diff`.
 *
 * @public
 */
export type DeliveryDiff = {
  lastApplied: {
    revision?: string;
    finishedAt: string;
    applied: Reconciliation['changes']['applied'];
    pruned: ObjectReference[];
  } | null;
  drift: DriftReport | null;
};

/**
 * A Kubernetes Event about a Canary.
 *
 * @public
 */
export type CanaryEvent = {
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  at: string;
  count?: number;
};

/**
 * `GET /entities/:kind/:namespace/:name/canaries`: one per Canary of the entity.
 *
 * @public
 */
export type CanaryItem = {
  environment: string;
  cluster: string;
  namespace: string;
  name: string;
  spec?: CanarySpec;
  status?: CanaryStatus;
  /** Set instead of status when the cluster cannot be read. */
  error?: string;
  paused?: boolean;
  measurements?: CanaryMeasurement[];
  events?: CanaryEvent[];
  runs: CanaryRun[];
};

/**
 * `GET …/canaries/:canary/runs/:runId`.
 *
 * @public
 */
export type CanaryRunDetail = {
  run: CanaryRun;
  measurements: CanaryMeasurement[];
};

/**
 * `POST …/environments/:env/promote`: the Git change that moves the previous environment's version here.
 *
 * @public
 */
export type PromotionResponse = {
  from: string;
  to: string;
  /** The source environment's applied commit the images were read from. */
  sourceRevision: string;
  /** `commit`: on the branch; `pull-request`: on GitHub, to review; `branch`: pushed to another Git server, to merge there. */
  mode: 'commit' | 'pull-request' | 'branch';
  /** False when the environment already runs these images: nothing was written. */
  changed: boolean;
  branch: string;
  revision?: string;
  url?: string;
  changes: Array<{ file: string; name: string; from: string; to: string }>;
};

/**
 * How a release ended: `released` (no canary governs it), `analysing` (its
 * canary run is under way), `succeeded`, `failed` (rolled back or aborted),
 * `superseded` (a newer version arrived during its run).
 *
 * @public
 */
export type ReleaseVerdict =
  | 'released'
  | 'analysing'
  | 'succeeded'
  | 'failed'
  | 'superseded';

/**
 * Verdicts of releases that served: what a revert or a rollback may go back to.
 *
 * @public
 */
export const SERVED_RELEASE_VERDICTS: ReadonlyArray<ReleaseVerdict> = [
  'succeeded',
  'released',
];

/**
 * One change to what a service renders in an environment, as it reached the cluster.
 *
 * @public
 */
export type Release = {
  id: number;
  service: string;
  environment: string;
  /** The commit that made the change. */
  revision: string;
  /** The container images the service's workloads run with it. */
  images: string[];
  message: string;
  author: string;
  committedAt: string | null;
  appliedAt: string;
  verdict: ReleaseVerdict;
  /** The canary run that judged it. */
  runId: string | null;
  /** Why it failed or was superseded; the promotion message when it succeeded. */
  reason: string | null;
  settledAt: string | null;
  /** What Slipway wrote to Git after the release failed, so that Git again says what serves. */
  followUp: ReleaseFollowUp | null;
  /** Set when the release holds its images in the environment (a failed canary, a rollback). */
  hold?: ReleaseHold | null;
  /** How it came, from its commit's trailers: a commit, or a change Slipway wrote. */
  origin?: ReleaseOrigin;
  /** Who asked Slipway for the change (a promotion, a rollback), when someone did. */
  requestedBy?: string | null;
};

/**
 * `GET …/environments/:env/releases/:id/diff`: what a release changed in
 * the service's rendered objects, against the release before it in the
 * environment. Masked values (Secret data, the environment's mask rules)
 * are short hashes.
 *
 * @public
 */
export type ReleaseDiff = {
  release: Release;
  /** The release before it; null for the environment's first, whose objects are all added. */
  previous: Release | null;
  objects: Array<{
    ref: ObjectReference;
    change: 'added' | 'removed' | 'changed';
    fields: FieldDiff[];
  }>;
  /** Why a revision could not be rendered (then objects is empty). */
  problems?: string[];
  /** For a chart release: the chart each side rendered, and what changed in the values the release gives it (credential-like keys and mask rules as hashes). */
  chart?: {
    before: ChartReference | null;
    after: ChartReference | null;
    values: FieldDiff[];
  };
};

/**
 * A release that holds its images in an environment: image automation and
 * promotion do not bring them there again until someone releases the hold.
 *
 * @public
 */
export type ReleaseHold = {
  /** A person (`user:default/ada`), or `canary run <id>` for a failed run. */
  by: string;
  reason: string;
  at: string | null;
  /** Set once someone released the hold. */
  released?: { by: string; reason: string; at: string };
};

const CANARY_HOLDER = 'canary run ';

/**
 * Who holds the release of a canary run that failed: `canary run <id>`.
 *
 * @public
 */
export const canaryHolder = (runId: string) => `${CANARY_HOLDER}${runId}`;

/**
 * Whether a failed canary run set the hold, rather than a person's rollback.
 *
 * @public
 */
export const isCanaryHold = (hold: ReleaseHold) =>
  hold.by.startsWith(CANARY_HOLDER);

/**
 * A change Slipway wrote to Git after a failed release: a commit, a pull
 * request, or (on a Git server that is not GitHub) a branch to merge.
 *
 * @public
 */
export type ReleaseFollowUp = {
  kind: 'revert';
  mode: 'commit' | 'pull-request' | 'branch';
  /** The release whose contents were restored. */
  toRevision: string;
  branch: string;
  revision?: string;
  url?: string;
  at: string;
};

/**
 * What rolling an environment back to a release would change, file by
 * file: Secret values masked, files other than YAML not shown at all.
 *
 * @public
 */
export type RollbackPreview = {
  release: Release;
  /** How the change reaches the branch: the environment's promotion.mode. */
  mode: 'commit' | 'pull-request';
  /** The branch head the change was computed on. */
  baseRevision: string;
  files: Array<{
    path: string;
    /** False when the file is not shown (not YAML): only its path is. */
    shown: boolean;
    /** Now, and after the rollback; null when the file is not there. */
    before?: string | null;
    after?: string | null;
  }>;
};

/**
 * A rollback as written to Git.
 *
 * @public
 */
export type RollbackResponse = {
  mode: 'commit' | 'pull-request' | 'branch';
  /** False when the service's directory already held that release. */
  changed: boolean;
  branch: string;
  revision?: string;
  url?: string;
  toRevision: string;
  files: string[];
  /** The Canaries asked to promote the release without analysis (namespace/name). */
  analysisSkippedBy?: string[];
};

/**
 * DORA figures of a service in one environment over a window of days,
 * computed from its releases. A figure is null when there is nothing to
 * compute it from (no release, no failure, no commit time).
 *
 * @public
 */
export type DoraFigures = {
  environment: string;
  windowDays: number;
  /** Releases applied in the window that a canary judged or that needed none (not superseded, not under analysis). */
  releases: number;
  /** Releases that served (succeeded or released), per day of the window. */
  deploymentsPerDay: number;
  /** Median time from a release's commit to it serving, in seconds. */
  leadTimeSeconds: number | null;
  /** Failed or rolled-back releases over releases. */
  changeFailureRate: number | null;
  /** Median time from a failure to the next release that served, in seconds. */
  timeToRestoreSeconds: number | null;
};

/**
 * `GET /dora`: DORA figures of every service the caller may see, one row per environment.
 *
 * @public
 */
export type DoraRow = DoraFigures & {
  entityRef: string;
  service: string;
  /** The entity's owner (spec.owner), to filter by team. */
  owner: string | null;
};
