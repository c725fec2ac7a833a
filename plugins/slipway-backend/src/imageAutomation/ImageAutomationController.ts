import { LoggerService } from '@backstage/backend-plugin-api';
import { withChangeTrailers } from '@slipway/backstage-plugin-slipway-common';
import {
  ConfigRepoWriter,
  describeImageAutomation,
  SLIPWAY_COMMIT_AUTHOR,
  TargetImageAutomation,
} from '@slipway/backstage-plugin-slipway-node';
import {
  environmentImages,
  EnvironmentSource,
  formatImageReference,
  GitCredentials,
  GitRepositoryCache,
  ImageRegistries,
  imageUpdateMessage,
  planImageUpdate,
  redactSecrets,
  type RenderTools,
} from '@slipway/engine';
import { retryDelay, withJitter } from '../controller/backoff';
import { DeliveryMetrics } from '../metrics/DeliveryMetrics';
import { DeliveryStore } from '../store/DeliveryStore';
import {
  ImageAutomationRecord,
  ImageAutomationStore,
} from '../store/ImageAutomationStore';
import { TargetRecord } from '../store/types';
import { freezeOf, frozenSentence } from '../freeze/freezeOf';
import { holdSentence } from '../freeze/holdSentence';
import type { ReleaseStore } from '../store/ReleaseStore';

type Automated = TargetRecord & {
  spec: TargetRecord['spec'] & { imageAutomation: TargetImageAutomation };
};

/**
 * Checks the registry of every target with an image policy once per
 * interval, and writes the newest accepted image into the environment's
 * manifests: a commit (after which the target reconciles at once) or a pull
 * request. An image already written or proposed is never written again; a
 * failed check keeps everything as it was, says why, and backs off.
 */
export class ImageAutomationController {
  constructor(
    private readonly deps: {
      store: DeliveryStore;
      automation: ImageAutomationStore;
      git: GitRepositoryCache;
      credentialsFor: (url: string) => Promise<GitCredentials | undefined>;
      writer: ConfigRepoWriter;
      registries: ImageRegistries;
      logger: LoggerService;
      metrics?: DeliveryMetrics;
      intervalMs: number;
      /** kustomize, helm and remote charts, to render an environment. */
      tools?: RenderTools;
      /** Checks running at once. */
      concurrency?: number;
      /** The release history: an image whose last release here failed is held. */
      releases?: ReleaseStore;
    },
  ) {}

  async run(now = Date.now()): Promise<void> {
    const targets = (await this.deps.store.allTargets()).filter(
      (t): t is Automated => t.spec.imageAutomation !== undefined,
    );
    const records = await this.deps.automation.all();
    const wanted = new Set(targets.map(t => t.id));
    await this.deps.automation.remove(
      [...records.keys()].filter(id => !wanted.has(id)),
    );
    const queue = targets
      .map(target => [target, records.get(target.id)] as const)
      .filter(([, previous]) => !previous || previous.nextCheckAt <= now);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await this.check(next[0], next[1], now);
      }
    };
    await Promise.all(
      Array.from({ length: this.deps.concurrency ?? 4 }, worker),
    );
  }

  private async check(
    target: Automated,
    previous: ImageAutomationRecord | undefined,
    now: number,
  ): Promise<void> {
    const automation = target.spec.imageAutomation;
    const kept: ImageAutomationRecord = {
      ...previous,
      targetId: target.id,
      policy: describeImageAutomation(automation),
      checkedAt: now,
      nextCheckAt: now + withJitter(this.deps.intervalMs),
      failures: 0,
      error: undefined,
    };
    if ('error' in automation) {
      await this.deps.automation.save(
        { ...kept, error: automation.error },
        now,
      );
      return;
    }
    const environment = target.spec.environment;
    try {
      const record = await this.update(target, automation, kept, now);
      await this.deps.automation.save(record, now);
      this.deps.metrics?.imageChecks.inc({
        environment,
        result: checkResult(record, now),
      });
    } catch (error) {
      this.deps.metrics?.imageChecks.inc({ environment, result: 'failed' });
      // Stored, served and logged: no credential may ride along.
      const message = redactSecrets((error as Error).message);
      const failures = (previous?.failures ?? 0) + 1;
      if (message !== previous?.error) {
        this.deps.logger.warn(
          `Image automation of ${target.id} failed: ${message}`,
        );
      }
      await this.deps.automation.save(
        {
          ...kept,
          failures,
          error: message,
          nextCheckAt: now + retryDelay(failures),
        },
        now,
      );
    }
  }

  private async update(
    target: Automated,
    automation: Extract<TargetImageAutomation, { policy: unknown }>,
    kept: ImageAutomationRecord,
    now: number,
  ): Promise<ImageAutomationRecord> {
    const { spec } = target;
    const source: EnvironmentSource = {
      environment: spec.environment,
      path: spec.path,
      git: {
        url: spec.repository,
        branch: spec.branch,
        credentials: await this.deps.credentialsFor(spec.repository),
      },
    };
    const plan = await planImageUpdate({
      git: this.deps.git,
      target: source,
      policy: automation.policy,
      registries: this.deps.registries,
      ...this.deps.tools,
      // A stale head is safe: writing rebases on the branch's head, and the next check catches up.
      fetchMaxAgeMs: Math.min(this.deps.intervalMs / 2, 10_000),
    });
    const record: ImageAutomationRecord = {
      ...kept,
      image: plan.image,
      newest: plan.newest && formatImageReference(plan.newest),
      inGit: formatImageReference(plan.inGit),
      // Not a failure: shown where errors are, checked at the usual interval.
      error: plan.held,
    };
    const held = await this.heldImage(target, record.newest);
    if (held) {
      // The version that failed here is not proposed again: only a newer tag is.
      return this.withDeployed({ ...record, error: held }, target, source);
    }
    const freeze = freezeOf(target, new Date(now));
    if (freeze && plan.changes.length > 0) {
      return this.withDeployed(
        {
          ...record,
          error: `waiting: ${frozenSentence(spec.environment, freeze)}; ${
            record.newest
          } is proposed when it ends`,
        },
        target,
        source,
      );
    }
    const alreadyProposed =
      automation.mode === 'pull-request' &&
      record.lastWritten === record.newest;
    if (plan.changes.length > 0 && !alreadyProposed) {
      const message = withChangeTrailers(
        imageUpdateMessage({
          service: spec.service,
          environment: spec.environment,
          plan,
          policy: automation.policy,
          registry: this.deps.registries.forImage(plan.image).registry
            .description,
        }),
        'image-automation',
      );
      const [title, , ...body] = message.split('\n');
      const written = await this.deps.writer.write({
        repository: spec.repository,
        branch: spec.branch,
        mode: automation.mode,
        change: { files: plan.files, message, author: SLIPWAY_COMMIT_AUTHOR },
        pullRequest: {
          branch: `slipway/image-${spec.service}-${spec.environment}`,
          title,
          body: body.join('\n'),
        },
      });
      if (written.changed && written.revision) {
        record.lastCommit = {
          revision: written.revision,
          message: title,
          committedAt: now,
          url: written.url,
        };
        record.lastWritten = record.newest;
        this.deps.logger.info(
          `Image automation of ${target.id}: ${title} (${
            written.mode
          } ${written.revision.slice(0, 12)} on ${written.branch})`,
        );
      }
      if (written.changed && written.mode === 'commit') {
        record.inGit = record.newest;
        await this.deps.store.requestSync(
          { ids: [target.id] },
          'image-automation',
          now,
        );
      }
    }
    return this.withDeployed(record, target, source);
  }

  /** Why the newest image is held: its last release here failed its canary, or was rolled back. */
  private async heldImage(target: Automated, newest?: string) {
    const release =
      newest && (await this.deps.releases?.heldImage(target.id, newest));
    return release
      ? `${holdSentence(
          newest,
          target.spec.environment,
          release.hold,
        )}; a newer tag is taken when one is pushed, or this one once the hold is released`
      : undefined;
  }

  /** The image the environment last applied, read again only when a new revision was applied. */
  private async withDeployed(
    record: ImageAutomationRecord,
    target: Automated,
    source: EnvironmentSource,
  ): Promise<ImageAutomationRecord> {
    const applied = target.status?.lastAppliedRevision;
    if (!applied || applied === record.deployedRevision || !record.image) {
      return record;
    }
    await this.deps.git.ensureRevision(source.git, applied);
    const images = await environmentImages(
      this.deps.git,
      source,
      applied,
      this.deps.tools,
    );
    const deployed = images.get(record.image);
    return {
      ...record,
      deployed: deployed && formatImageReference(deployed),
      deployedRevision: applied,
    };
  }
}

/** `written` when this check committed or proposed, `held` when Git holds a version by hand. */
function checkResult(record: ImageAutomationRecord, now: number) {
  if (record.lastCommit?.committedAt === now) {
    return 'written';
  }
  return record.error ? 'held' : 'current';
}
