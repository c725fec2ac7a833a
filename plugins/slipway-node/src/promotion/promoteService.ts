import { ConflictError, InputError } from '@backstage/errors';
import {
  type DeliveryTarget,
  type SlipwayEnvironment,
  withChangeTrailers,
} from '@slipway/backstage-plugin-slipway-common';
import {
  GitCredentials,
  GitRepositoryCache,
  ImageChange,
  planPromotion,
  PromotionError,
  promotionMessage,
  type RemoteCharts,
} from '@slipway/engine';
import { ConfigRepoWriter } from '../configRepo/ConfigRepoWriter';
import {
  type ConfigRepoWriteResult,
  SLIPWAY_COMMIT_AUTHOR,
} from '../configRepo/types';

/**
 * A promotion to make: the images one environment runs, written into the next.
 *
 * @public
 */
export type PromotionRequest = {
  /** The service's targets in promotion order (deliveryTargetsOf). */
  targets: DeliveryTarget[];
  environments: SlipwayEnvironment[];
  to: string;
  /** Default: the environment before `to` in the service's order. */
  from?: string;
  /** The source environment's commit to promote; default its branch head. */
  revision?: string;
  reason?: string;
  /** Who asked, as an entity ref, for the commit message. */
  by?: string;
  author?: { name: string; email: string };
};

/**
 * What a promotion wrote: the environments, the source revision, the image changes and the commit or pull request.
 *
 * @public
 */
export type PromotionResult = ConfigRepoWriteResult & {
  from: string;
  to: string;
  sourceRevision: string;
  changes: ImageChange[];
};

/**
 * The targets a promotion into `to` reads from and writes to: `from` when
 * named, else the environment before `to` in the service's promotion order.
 *
 * @public
 */
export function promotionTargets(
  targets: DeliveryTarget[],
  to: string,
  from?: string,
): { from: DeliveryTarget; to: DeliveryTarget } {
  const names = targets.map(t => t.environment).join(', ');
  const toIndex = targets.findIndex(t => t.environment === to);
  if (toIndex < 0) {
    throw new InputError(
      `${to} is not one of the service's environments (${names})`,
    );
  }
  const source = from
    ? targets.find(t => t.environment === from)
    : targets[toIndex - 1];
  if (!source) {
    throw new InputError(
      from
        ? `${from} is not one of the service's environments (${names})`
        : `${to} is the service's first environment: there is nothing to promote from`,
    );
  }
  if (source === targets[toIndex]) {
    throw new InputError(`cannot promote ${to} to itself`);
  }
  return { from: source, to: targets[toIndex] };
}

/**
 * Moves the images one environment runs to the next as a change in Git: a
 * commit or a pull request, as the target environment's `promotion.mode`
 * says. Shared by the backend's Promote action and `slipway:promote`.
 *
 * @public
 */
export async function promoteService(
  request: PromotionRequest,
  deps: {
    git: GitRepositoryCache;
    writer: ConfigRepoWriter;
    credentialsFor: (url: string) => Promise<GitCredentials | undefined>;
    kustomize?: string;
    helm?: string;
    charts?: RemoteCharts;
  },
): Promise<PromotionResult> {
  const { from, to } = promotionTargets(
    request.targets,
    request.to,
    request.from,
  );
  const sourceOf = async (target: DeliveryTarget) => ({
    environment: target.environment,
    path: target.path,
    git: {
      url: target.repository,
      branch: target.branch,
      credentials: await deps.credentialsFor(target.repository),
    },
  });
  const plan = await planPromotion({
    git: deps.git,
    from: { ...(await sourceOf(from)), revision: request.revision },
    to: await sourceOf(to),
    kustomize: deps.kustomize,
    helm: deps.helm,
    charts: deps.charts,
  }).catch(error => {
    throw error instanceof PromotionError
      ? new ConflictError(error.message)
      : error;
  });
  const summary = {
    from: from.environment,
    to: to.environment,
    sourceRevision: plan.sourceRevision,
    changes: plan.changes,
  };
  if (plan.changes.length === 0) {
    return { ...summary, mode: 'commit', changed: false, branch: to.branch };
  }
  const message = withChangeTrailers(
    promotionMessage({
      service: to.service,
      from: from.environment,
      to: to.environment,
      plan,
      by: request.by,
      reason: request.reason,
    }),
    'promotion',
    request.by,
  );
  const [title, , ...body] = message.split('\n');
  const mode =
    request.environments.find(e => e.name === to.environment)?.promotion
      ?.mode ?? 'pull-request';
  const written = await deps.writer.write({
    repository: to.repository,
    branch: to.branch,
    mode,
    change: {
      files: plan.files,
      message,
      author: request.author ?? SLIPWAY_COMMIT_AUTHOR,
    },
    pullRequest: {
      branch: `slipway/promote-${to.service}-to-${to.environment}`,
      title,
      body: body.join('\n'),
    },
  });
  return { ...summary, ...written };
}
