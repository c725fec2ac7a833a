import {
  type Release,
  type ReleaseFollowUp,
  type ReleaseHold,
  canaryHolder,
  releaseOriginOf,
  SERVED_RELEASE_VERDICTS,
} from '@slipway/backstage-plugin-slipway-common';
import { Knex } from 'knex';

const RELEASES = 'slipway_releases';

/** A release as the reconciler records it, before any canary has judged it. */
export type NewRelease = Omit<
  Release,
  | 'id'
  | 'verdict'
  | 'runId'
  | 'reason'
  | 'settledAt'
  | 'followUp'
  | 'hold'
  | 'origin'
  | 'requestedBy'
> & { targetId: string; renderedHash: string };

/** How long before its release is recorded a run of it may have begun. */
const EARLY_RUN_MS = 60_000;

/** How many of a service's newest releases a run's images are looked for in. */
const RECENT = 20;

/** Whether a release runs every one of these images (and there is one): a run of them analyses it. */
const runsAll = (releaseImages: string[], images: string[]) =>
  images.length > 0 && images.every(i => releaseImages.includes(i));

/** A run's images as the runs table keeps them (JSON). */
const imagesOfRun = (json: string | null): string[] =>
  json ? JSON.parse(json) : [];

/** A release whose hold is in force. */
type HeldRelease = Release & { hold: ReleaseHold };

/** Whether the release holds its images now: held, and not released. */
const holdsNow = (release: Release): release is HeldRelease =>
  !!release.hold && !release.hold.released;

/** A release's verdict from its run's phase. */
function verdictOf(phase: string, reason: string | null, at: unknown) {
  if (phase === 'Succeeded' || phase === 'Failed') {
    return {
      verdict: phase === 'Succeeded' ? 'succeeded' : 'failed',
      reason,
      settled_at: at,
    };
  }
  return { verdict: 'analysing', reason: null, settled_at: null };
}

/**
 * Every change to what a service renders that reached an environment, and
 * the verdict of the canary run that judged it. Kept for `retentionMs` (app-config `slipway.releases.retention`).
 */
export class ReleaseStore {
  /** On a migrated database: see openStores. */
  constructor(
    private readonly db: Knex,
    private readonly options: { retentionMs: number },
  ) {}

  /**
   * Records a release, and forgets the target's releases older than the
   * retention. A canary run of the same images that began before the
   * record was written (the engine can tick between apply and record)
   * judges it all the same.
   */
  async record(release: NewRelease) {
    const appliedAt = Date.parse(release.appliedAt);
    await this.db.transaction(async tx => {
      const [inserted] = await tx(RELEASES)
        .insert({
          target_id: release.targetId,
          service: release.service,
          environment: release.environment,
          revision: release.revision,
          rendered_hash: release.renderedHash,
          images: JSON.stringify(release.images),
          message: release.message,
          author: release.author,
          committed_at: release.committedAt
            ? Date.parse(release.committedAt)
            : null,
          applied_at: appliedAt,
          verdict: 'released',
        })
        .returning('id');
      const id = typeof inserted === 'object' ? inserted.id : inserted;
      const candidates = (
        await tx('slipway_canary_runs as r')
          .join('slipway_canaries as c', 'c.id', 'r.canary_id')
          .where({
            'c.service': release.service,
            'c.environment': release.environment,
          })
          .where('r.started_at', '>=', appliedAt - EARLY_RUN_MS)
          .orderBy('r.started_at', 'desc')
          .select('r.run_id', 'r.images', 'r.phase', 'r.message', 'r.ended_at')
      ).filter(r => runsAll(release.images, imagesOfRun(r.images)));
      // A run already judging another release (the same images released before) is not this one's.
      const judging = new Set(
        candidates.length === 0
          ? []
          : (
              await tx(RELEASES)
                .whereIn(
                  'run_id',
                  candidates.map(r => r.run_id),
                )
                .select('run_id')
            ).map(r => r.run_id),
      );
      const early = candidates.find(r => !judging.has(r.run_id));
      if (early) {
        await tx(RELEASES)
          .where({ id })
          .update({
            run_id: early.run_id,
            ...verdictOf(early.phase, early.message, early.ended_at),
          });
      }
      await tx(RELEASES)
        .where('target_id', release.targetId)
        .where('applied_at', '<', appliedAt - this.options.retentionMs)
        .delete();
    });
  }

  /**
   * A canary run of these images began: the service's newest release with
   * them is being analysed, and any other under analysis was superseded.
   */
  async runStarted(
    run: { service: string; environment: string; images: string[] },
    runId: string,
    at: number,
  ) {
    const { service, environment } = run;
    const release = (
      await this.db(RELEASES)
        .where({ service, environment })
        .orderBy('id', 'desc')
        .limit(RECENT)
        .select('id', 'run_id', 'images')
    ).find(r => runsAll(JSON.parse(r.images), run.images));
    if (!release || release.run_id === runId) {
      return;
    }
    await this.db(RELEASES)
      .where({ service, environment, verdict: 'analysing' })
      .whereNot({ id: release.id })
      .update({
        verdict: 'superseded',
        reason: 'a newer version arrived during its canary run',
        settled_at: at,
      });
    await this.db(RELEASES)
      .where({ id: release.id })
      .update({ verdict: 'analysing', run_id: runId, reason: null });
  }

  /** The run judged its release: promoted, or rolled back with its reason (which holds its images). */
  async runEnded(runId: string, phase: string, reason: string, at: number) {
    await this.db(RELEASES)
      .where({ run_id: runId })
      .update({
        ...verdictOf(phase, reason, at),
        ...(phase === 'Failed' && {
          held_by: canaryHolder(runId),
          hold_reason: reason,
          held_at: at,
        }),
      });
  }

  /** A person rolled the environment back from this release: its images are held there. */
  async hold(id: number, by: string, reason: string, at: number) {
    await this.db(RELEASES).where({ id }).whereNull('held_by').update({
      held_by: by,
      hold_reason: reason,
      held_at: at,
    });
  }

  /** Lets image automation and promotion bring the release's images again. False when it held nothing. */
  async releaseHold(
    targetId: string,
    id: number,
    by: string,
    reason: string,
    at: number,
  ): Promise<boolean> {
    const updated = await this.db(RELEASES)
      .where({ target_id: targetId, id })
      .whereNotNull('held_by')
      .whereNull('hold_released_at')
      .update({
        hold_released_by: by,
        hold_release_reason: reason,
        hold_released_at: at,
      });
    return updated > 0;
  }

  /**
   * The target's releases that hold their images now: held, not released,
   * and no newer release of the same images since (which would have
   * brought them back on purpose).
   */
  async holds(targetId: string): Promise<HeldRelease[]> {
    const recent = (
      await this.db(RELEASES)
        .where('target_id', targetId)
        .orderBy('id', 'desc')
        .limit(RECENT)
    ).map(toRelease);
    return recent.filter(
      (release, index): release is HeldRelease =>
        holdsNow(release) &&
        !recent.slice(0, index).some(r => runsAll(r.images, release.images)),
    );
  }

  /** Whether an active hold of the target covers this image (its newest release with it holds it). */
  async heldImage(
    targetId: string,
    image: string,
  ): Promise<HeldRelease | undefined> {
    const release = await this.lastWithImage(targetId, image);
    return release && holdsNow(release) ? release : undefined;
  }

  /**
   * The target's newest release that serves these images and did not fail:
   * the one a revert restores after a failed run.
   */
  lastServing(
    targetId: string,
    images: string[],
  ): Promise<Release | undefined> {
    return this.newestRunning(targetId, images, SERVED_RELEASE_VERDICTS);
  }

  /** What was written to Git after the run failed, if anything. */
  async followUpOf(runId: string): Promise<ReleaseFollowUp | undefined> {
    const row = await this.db(RELEASES)
      .where({ run_id: runId })
      .whereNotNull('follow_up')
      .first('follow_up');
    return row ? JSON.parse(row.follow_up) : undefined;
  }

  /** Records what was written to Git after the run failed. */
  async followUp(runId: string, followUp: ReleaseFollowUp) {
    await this.db(RELEASES)
      .where({ run_id: runId })
      .update({ follow_up: JSON.stringify(followUp) });
  }

  /**
   * The target's newest release running this image (among its recent
   * ones): whether the image failed here the last time it was released.
   */
  lastWithImage(targetId: string, image: string): Promise<Release | undefined> {
    return this.newestRunning(targetId, [image]);
  }

  /** The newest of the target's recent releases (of these verdicts) that runs every one of the images. */
  private async newestRunning(
    targetId: string,
    images: string[],
    verdicts?: ReadonlyArray<Release['verdict']>,
  ): Promise<Release | undefined> {
    if (images.length === 0) {
      return undefined;
    }
    const query = this.db(RELEASES)
      .where('target_id', targetId)
      .orderBy('id', 'desc')
      .limit(RECENT);
    if (verdicts) {
      query.whereIn('verdict', verdicts);
    }
    return (await query).map(toRelease).find(r => runsAll(r.images, images));
  }

  /** The target's newest release of a revision: what the revision brought there. */
  async ofRevision(
    targetId: string,
    revision: string,
  ): Promise<Release | undefined> {
    const row = await this.db(RELEASES)
      .where({ target_id: targetId, revision })
      .orderBy('id', 'desc')
      .first();
    return row ? toRelease(row) : undefined;
  }

  /** One of the target's releases; undefined when it has no such one. */
  async ofTarget(targetId: string, id: number): Promise<Release | undefined> {
    const row = await this.db(RELEASES)
      .where({ target_id: targetId, id })
      .first();
    return row ? toRelease(row) : undefined;
  }

  /** The target's release before this one: what this one changed from (undefined for its first). */
  async previousOf(targetId: string, id: number): Promise<Release | undefined> {
    const row = await this.db(RELEASES)
      .where('target_id', targetId)
      .where('id', '<', id)
      .orderBy('id', 'desc')
      .first();
    return row ? toRelease(row) : undefined;
  }

  /** The target's releases, newest first; one environment's when named. */
  async list(
    targetIds: string[],
    options: { environment?: string; limit?: number; since?: number } = {},
  ): Promise<Release[]> {
    const query = this.db(RELEASES)
      .whereIn('target_id', targetIds)
      .orderBy('applied_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100);
    if (options.environment) {
      query.where('environment', options.environment);
    }
    if (options.since !== undefined) {
      query.where('applied_at', '>=', options.since);
    }
    return (await query).map(toRelease);
  }
}

const iso = (ms: unknown) =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

function toRelease(row: any): Release {
  return {
    id: Number(row.id),
    service: row.service,
    environment: row.environment,
    revision: row.revision,
    images: JSON.parse(row.images),
    message: row.message,
    author: row.author,
    committedAt: iso(row.committed_at),
    appliedAt: iso(row.applied_at)!,
    verdict: row.verdict,
    runId: row.run_id ?? null,
    reason: row.reason ?? null,
    settledAt: iso(row.settled_at),
    followUp: row.follow_up ? JSON.parse(row.follow_up) : null,
    ...releaseOriginOf(row.message),
    hold: row.held_by
      ? {
          by: row.held_by,
          reason: row.hold_reason ?? '',
          at: iso(row.held_at),
          ...(row.hold_released_at !== null &&
            row.hold_released_at !== undefined && {
              released: {
                by: row.hold_released_by,
                reason: row.hold_release_reason ?? '',
                at: iso(row.hold_released_at)!,
              },
            }),
        }
      : null,
  };
}
