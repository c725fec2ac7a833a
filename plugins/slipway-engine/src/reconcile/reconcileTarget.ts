import type { RenderedChart } from '../render/renderDirectory';
import { applyWithHooks, HookFailedError } from '../apply/applyWithHooks';
import type { RemoteCharts } from '../charts/RemoteCharts';
import type { KubeConfig } from '@kubernetes/client-node';
import { listedLive } from '../apply/listedLive';
import { ObjectClient } from '../apply/ObjectClient';
import { AppliedObject, refOf } from '../apply/serverSideApply';
import { existsInCluster } from '../apply/existsInCluster';
import { OwnedElsewhereError } from '../apply/ownership';
import { redactCredentials } from '../git/credentials';
import {
  credentialsOf,
  GitRepositoryCache,
  GitSource,
} from '../git/GitRepositoryCache';
import type { MaskRule } from '../security/maskValues';
import { objectHealth } from '../health/objectHealth';
import { inventoryFromLabels } from '../inventory/inventoryFromLabels';
import { objectKey } from '../inventory/objectKey';
import { leftGit, prune, PruneResult } from '../inventory/prune';
import { heldPrune, PruneLimits } from '../inventory/pruneGate';
import { InvalidManifestsError, SourcedManifest } from '../render/manifest';
import { appliedConditions, failedConditions } from './outcomeConditions';
import { keepCanaryApexSelectors } from './canaryApexSelector';
import { hashRendered, renderTarget } from './renderTarget';
import type { KindPolicy } from '../render/validateKindPolicy';
import { DriftRecord, isRollingOut, TargetStatus } from './targetStatus';

/**
 * One service in one environment: where its manifests are, which cluster and namespaces it may write, and how.
 *
 * @public
 */
export type DeliveryTargetSpec = {
  service: string;
  environment: string;
  /** The catalog entity that delivers it: recorded on its objects, and objects of another entity are not its own. */
  entity?: string;
  source: GitSource;
  /** The service's directory in the repository. */
  path: string;
  defaultNamespace: string;
  /** The namespaces it may write: required, there is no "everywhere". */
  allowedNamespaces: string[];
  /** The cluster-scoped kinds it may write and the kinds it never may. */
  kindPolicy?: KindPolicy;
  /** Take over live objects that carry no Slipway labels (never another service's, never a Namespace). */
  adoptUnlabelled?: boolean;
  /** When a prune waits for a person (DEFAULT_PRUNE_LIMITS unless given). */
  pruneLimits?: PruneLimits;
  /** `detect`: report drift on a resync but leave the cluster as it is. */
  driftMode?: 'correct' | 'detect';
  /** How long objects may stay unhealthy after an apply before the target fails. */
  progressDeadlineSeconds?: number;
  /** Fields whose values no diff keeps, beyond Secret data (always masked). */
  maskRules?: MaskRule[];
  /** Let kustomize fetch remote bases and resources (off by default). */
  kustomizeRemoteBases?: boolean;
};

export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** A new target's objects missing from a listing of their kind this recent are created without a read. */
const LISTING_REUSE_MS = 30_000;

/**
 * What a reconcile did: the revision applied, the objects changed and pruned, health and drift.
 *
 * @public
 */
export type ReconcileResult = {
  status: TargetStatus;
  applied: AppliedObject[];
  pruned?: PruneResult;
  error?: Error;
};

/**
 * One reconcile of a delivery target, in stages: fetch, render and validate,
 * apply, prune, health. A failing stage stops the ones after it and keeps
 * what the cluster has: nothing is pruned unless everything before applied.
 *
 * @public
 */
export async function reconcileTarget(options: {
  /** The cluster, when no client is given. */
  kubeConfig?: KubeConfig;
  git: GitRepositoryCache;
  target: DeliveryTargetSpec;
  previous: TargetStatus;
  /**
   * True when no stored status exists (a new target, or a lost database):
   * the inventory is then rebuilt from the labels on live objects.
   */
  rebuildInventory?: boolean;
  /**
   * Reuse a fetch of the same source, and on a resync listings of live
   * objects, at most this old. Without it everything is read afresh.
   */
  reuseMaxAgeMs?: number;
  /** Path of the kustomize binary, for targets with a kustomization. */
  kustomize?: string;
  /** Path of the helm binary, for targets with a chart release file. */
  helm?: string;
  /** Where charts of repositories and registries come from. */
  charts?: RemoteCharts;
  /** One client per cluster, so discovery and connections are shared by its targets. */
  client?: ObjectClient;
  /** The hash of a held-back prune that a person confirmed: that prune runs now. */
  confirmedPrune?: string;
  /** The installation's salt for hashes of masked values. */
  maskSalt?: string;
  /**
   * A freeze: the revision the target stays on. The branch head is applied
   * only when it renders what the target has (a change elsewhere in the
   * repository); otherwise this revision is applied again, drift corrected,
   * and the head is named in `status.waiting`.
   */
  stayOn?: string;
  now?: () => Date;
}): Promise<ReconcileResult> {
  const { kubeConfig, git, target, previous } = options;
  const now = options.now ?? (() => new Date());
  // Reuse is judged against the run's start, not the moment of each read.
  const startedAt = Date.now();
  let status: TargetStatus = { ...previous };
  const fail = (reason: string, error: Error, stalled = false) => {
    // The one way an error leaves a reconcile: conditions, API and logs all read this message.
    error.message = redactCredentials(
      error.message,
      credentialsOf(target.source),
    );
    return {
      status: {
        ...status,
        conditions: failedConditions(
          status.conditions,
          { reason, message: error.message, stalled },
          now(),
        ),
      },
      applied: [],
      error,
    };
  };

  let revision: string;
  try {
    const { revision: fetched, ...commit } = await git.fetch(target.source, {
      maxAgeMs: options.reuseMaxAgeMs,
    });
    revision = fetched;
    status = { ...status, lastAttemptedRevision: revision, commit };
  } catch (error) {
    return fail('GitOperationFailed', error as Error);
  }

  const client = options.client ?? ObjectClient.forConfig(kubeConfig!);
  try {
    const known = options.rebuildInventory
      ? await inventoryFromLabels(client, target)
      : previous.inventory;
    const render = (at: string) =>
      renderTarget({
        git,
        source: target.source,
        revision: at,
        path: target.path,
        client,
        defaultNamespace: target.defaultNamespace,
        allowedNamespaces: target.allowedNamespaces,
        kindPolicy: target.kindPolicy,
        kustomize: options.kustomize,
        kustomizeRemoteBases: target.kustomizeRemoteBases,
        helm: options.helm,
        charts: options.charts,
        previouslyApplied: known.length,
      });
    let rendered: { manifests: SourcedManifest[]; chart?: RenderedChart };
    let waiting: TargetStatus['waiting'];
    if (options.stayOn && options.stayOn !== revision) {
      // Frozen: a head that renders what is applied changes nothing here.
      const head = await render(revision).catch(() => undefined);
      if (head && hashRendered(head.manifests) === previous.renderedHash) {
        rendered = head;
      } else {
        waiting = { revision, commit: status.commit };
        revision = options.stayOn;
        await git.ensureRevision(target.source, revision);
        rendered = await render(revision);
      }
    } else {
      rendered = await render(revision);
    }
    // Any difference found when re-applying the applied revision is drift.
    const resync = revision === previous.lastAppliedRevision;
    // Hashed before the live apex selectors are kept: Git's render alone.
    const renderedHash = hashRendered(rendered.manifests);
    const manifests = await keepCanaryApexSelectors(
      client,
      rendered.manifests,
      target.defaultNamespace,
    );
    const knownKeys = new Set(known.map(objectKey));
    const rollingOutResync = resync && isRollingOut(previous);
    const previousHealth = new Map(
      previous.health.map(h => [objectKey(h.ref), h]),
    );
    const settled = new Set(
      previous.health
        .filter(h => h.status === 'Healthy')
        .map(h => objectKey(h.ref)),
    );
    let applied: AppliedObject[];
    let completedHooks: TargetStatus['completedHooks'];
    try {
      ({ applied, completedHooks } = await applyWithHooks(
        client,
        manifests,
        target,
        {
          dryRunOnly: resync && target.driftMode === 'detect',
          masking: { rules: target.maskRules, salt: options.maskSalt },
          // A new target's objects that the cluster has no trace of need no read first.
          // While objects roll out, runs come every few seconds to recheck
          // health: those already healthy are not read again until the next
          // interval's run, which also looks for drift in them.
          skip: rollingOutResync
            ? ref => settled.has(objectKey(ref))
            : undefined,
          assumeAbsent: options.rebuildInventory
            ? async desired =>
                !knownKeys.has(objectKey(refOf(desired))) &&
                !(await existsInCluster(
                  client,
                  desired,
                  startedAt - LISTING_REUSE_MS,
                ))
            : undefined,
          // On a resync Git says what the last run applied, so a listing that
          // still shows it can only miss a change made since it was taken; the
          // next run sees that. Not while objects roll out: health needs their
          // latest status, and these runs come one by one, not in bulk.
          recentlyListed:
            resync && options.reuseMaxAgeMs && !isRollingOut(previous)
              ? desired =>
                  listedLive(
                    client,
                    desired,
                    target.environment,
                    startedAt - options.reuseMaxAgeMs!,
                  )
              : undefined,
        },
        {
          deadlineMs:
            (target.progressDeadlineSeconds ??
              DEFAULT_PROGRESS_DEADLINE_SECONDS) * 1000,
          completed: previous.completedHooks,
        },
      ));
    } catch (error) {
      if (error instanceof OwnedElsewhereError) {
        return fail('OwnershipConflict', error, true);
      }
      if (error instanceof HookFailedError) {
        return fail('HookFailed', error);
      }
      return fail('ApplyFailed', error as Error);
    }
    const applyInventory = applied.map(a => a.ref);
    const drift = resync ? driftOf(applied, now()) : undefined;
    const leaving = leftGit(known, applyInventory);
    const pendingPrune = heldPrune(leaving, known.length, {
      limits: target.pruneLimits,
      confirmedHash: options.confirmedPrune,
      previous: previous.pendingPrune,
      now: now(),
    });
    // Held back objects stay in the inventory, so the next run holds them back again.
    const inventory = pendingPrune
      ? [...applyInventory, ...pendingPrune.objects]
      : applyInventory;
    const pruned = pendingPrune
      ? { deleted: [], kept: [], notOwned: [] }
      : await prune(client, target, leaving);
    const health = applied.map(a =>
      a.live
        ? { ref: a.ref, ...objectHealth(a.live) }
        : previousHealth.get(objectKey(a.ref))!,
    );
    const appliedAt =
      resync && previous.appliedAt ? previous.appliedAt : now().toISOString();
    status = {
      ...status,
      lastAppliedRevision: revision,
      appliedAt,
      renderedHash,
      lastChange:
        previous.lastChange && previous.renderedHash === renderedHash
          ? previous.lastChange
          : { revision, commit: waiting ? undefined : status.commit },
      waiting,
      inventory,
      health,
      drift: drift ?? status.drift,
      pendingPrune,
      completedHooks: completedHooks ?? status.completedHooks,
      chart: rendered.chart,
      conditions: appliedConditions(status.conditions, health, revision, {
        now: now(),
        progressingSince: new Date(appliedAt),
        progressDeadlineSeconds:
          target.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS,
      }),
    };
    return { status, applied, pruned };
  } catch (error) {
    if (error instanceof InvalidManifestsError) {
      return fail('ValidationFailed', error, true);
    }
    return fail('ReconciliationFailed', error as Error);
  }
}

function driftOf(applied: AppliedObject[], now: Date): DriftRecord | undefined {
  const objects = applied
    .filter(a => a.action !== 'unchanged')
    .map(a => ({ ref: a.ref, fields: a.diff }));
  if (objects.length === 0) {
    return undefined;
  }
  return {
    detectedAt: now.toISOString(),
    corrected: applied.every(a => a.action !== 'differs'),
    objects,
  };
}
