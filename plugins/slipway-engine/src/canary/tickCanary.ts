import {
  CANARY_PAUSED_ANNOTATION,
  type CanaryMeasurement,
  type CanaryPhase,
  type CanaryStatus,
} from '@slipway/backstage-plugin-slipway-common';
import { randomUUID } from 'node:crypto';
import type { ObjectClient } from '../apply/ObjectClient';
import { checkMetric } from '../metrics/checkMetric';
import type { MetricProvider } from '../metrics/MetricProvider';
import type { Router } from '../routers/Router';
import { CanaryResource, workloadNames } from './canaryResource';
import { applyCanaryServices } from './canaryServices';
import { durationMs } from './duration';
import { nextWeight } from './nextWeight';
import {
  applyPrimary,
  delivered,
  Deployment,
  isReady,
  primarySelector,
  readDeployment,
  scale,
} from './workload';

export type CanaryTickContext = {
  client: ObjectClient;
  /** The Canary as just read; its status is all the progress there is. */
  canary: CanaryResource;
  router: Router;
  metrics: MetricProvider;
  /** The query of a built-in metric for this canary's router, if it has one. */
  builtInQuery: (metric: string) => string | undefined;
  now: Date;
};

export type CanaryTransition = {
  from?: CanaryPhase;
  to: CanaryPhase;
  message: string;
};

export type CanaryTickResult = {
  status: CanaryStatus;
  /** Set when the phase changed. */
  transition?: CanaryTransition;
  /** Checks made by this tick, also in `status.lastMeasurements`. */
  measurements: CanaryMeasurement[];
};

const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/**
 * One step of a canary, decided from its status and the cluster alone: a
 * tick repeated after a crash finds the same state and does the same
 * (idempotent) thing, and a step is taken only once its interval has passed
 * since the last one. The caller writes the returned status with the
 * Canary's resourceVersion as precondition.
 */
export async function tickCanary(
  ctx: CanaryTickContext,
): Promise<CanaryTickResult> {
  const { client, canary, router, now } = ctx;
  const status: CanaryStatus = { ...canary.status };
  const names = workloadNames(canary);
  const namespace = canary.metadata.namespace;
  const result = (
    next: CanaryStatus,
    message: string,
    measurements: CanaryMeasurement[] = [],
  ): CanaryTickResult => {
    const moved = next.phase !== status.phase;
    const out: CanaryStatus = {
      ...next,
      observedGeneration: canary.metadata.generation,
      message,
      ...(moved && { lastTransitionTime: now.toISOString() }),
    };
    return {
      status: out,
      measurements,
      transition: moved
        ? { from: status.phase, to: next.phase!, message }
        : undefined,
    };
  };

  if (canary.spec.suspend) {
    return result(
      status,
      'suspended: no step is taken until spec.suspend is false',
    );
  }
  if (canary.metadata.annotations?.[CANARY_PAUSED_ANNOTATION] === 'true') {
    return result(status, 'paused from the portal: resume it to go on');
  }
  const target = await readDeployment(client, namespace, names.canary);
  if (!target) {
    return result(
      { ...status, phase: status.phase ?? 'Initializing' },
      `the target Deployment ${namespace}/${names.canary} does not exist`,
    );
  }
  const selectors = {
    canary: target.spec?.selector?.matchLabels ?? {},
    primary: primarySelector(target.spec?.selector?.matchLabels),
  };
  const current = await delivered(client, target);
  const primary = await readDeployment(client, namespace, names.primary);
  const replicas = primary?.spec?.replicas ?? target.spec?.replicas ?? 1;

  const rollBack = async (why: string) => {
    await router.finalize(canary);
    await scale(client, namespace, names.canary, 0);
    return result(
      {
        ...status,
        phase: 'Failed',
        canaryWeight: 0,
        promotionRequested: false,
        abortRequested: false,
      },
      `rolled back: ${why}`,
    );
  };

  switch (status.phase) {
    case undefined:
    case 'Initializing': {
      if (!primary) {
        await applyPrimary(client, canary, target, current, replicas);
      }
      await applyCanaryServices(client, canary, selectors);
      await router.reconcile(canary);
      if (!isReady(primary)) {
        return result(
          { ...status, phase: 'Initializing' },
          `waiting for ${names.primary} to be ready`,
        );
      }
      await scale(client, namespace, names.canary, 0);
      return result(
        {
          phase: 'Initialized',
          lastAppliedSpec: current.hash,
          canaryWeight: 0,
          failedChecks: 0,
          iterations: 0,
        },
        `${names.primary} serves all traffic; a change to ${names.canary} starts a run`,
      );
    }

    case 'Initialized':
    case 'Succeeded':
    case 'Failed': {
      const failedAgain =
        status.phase === 'Failed' && current.hash === status.canarySpec;
      if (current.hash === status.lastAppliedSpec || failedAgain) {
        return result(status, status.message ?? '');
      }
      await scale(client, namespace, names.canary, replicas);
      return result(
        {
          ...status,
          phase: 'Progressing',
          runId: randomUUID(),
          canarySpec: current.hash,
          canaryWeight: 0,
          iterations: 0,
          failedChecks: 0,
          startedAt: now.toISOString(),
          lastStepAt: now.toISOString(),
          lastMeasurements: [],
          promotionRequested: false,
          abortRequested: false,
        },
        `new version of ${names.canary} (${current.hash}): starting the analysis`,
      );
    }

    case 'Progressing': {
      if (status.abortRequested) {
        return rollBack('aborted from the portal');
      }
      if (status.promotionRequested) {
        return result(
          { ...status, phase: 'Promoting', lastStepAt: now.toISOString() },
          'promotion requested from the portal: the remaining steps are skipped',
        );
      }
      if (current.hash !== status.canarySpec) {
        // A newer version arrived mid-run: analyse that one from the start.
        return result(
          {
            ...status,
            phase: 'Failed',
            canarySpec: undefined,
            lastStepAt: now.toISOString(),
          },
          `a newer version of ${names.canary} arrived during the run; starting again`,
        );
      }
      const deadline =
        (canary.spec.progressDeadlineSeconds ??
          DEFAULT_PROGRESS_DEADLINE_SECONDS) * 1000;
      if (!isReady(target)) {
        if (now.getTime() - Date.parse(status.lastStepAt!) > deadline) {
          return rollBack(
            `${names.canary} was not ready within ${deadline / 1000} s`,
          );
        }
        await scale(client, namespace, names.canary, replicas);
        return result(status, `waiting for ${names.canary} to be ready`);
      }
      if ((status.canaryWeight ?? 0) === 0) {
        return firstStep(ctx, status, result);
      }
      const interval = durationMs(canary.spec.analysis.interval);
      if (now.getTime() - Date.parse(status.lastStepAt!) < interval) {
        return result(status, status.message ?? '');
      }
      return analyse(ctx, status, rollBack, result);
    }

    case 'WaitingPromotion': {
      if (status.abortRequested) {
        return rollBack('aborted from the portal');
      }
      if (!status.promotionRequested) {
        return result(status, 'waiting for the promotion to be confirmed');
      }
      return result(
        { ...status, phase: 'Promoting', lastStepAt: now.toISOString() },
        'promotion confirmed',
      );
    }

    case 'Promoting': {
      await applyPrimary(client, canary, target, current, replicas);
      return result(
        { ...status, phase: 'Finalising', lastStepAt: now.toISOString() },
        `${names.primary} takes the new version`,
      );
    }

    case 'Finalising': {
      if (!primary || !isReady(primary) || !isPrimaryCurrent(primary, target)) {
        return result(
          status,
          `waiting for ${names.primary} to roll out the new version`,
        );
      }
      await router.finalize(canary);
      await scale(client, namespace, names.canary, 0);
      return result(
        {
          ...status,
          phase: 'Succeeded',
          canaryWeight: 0,
          lastAppliedSpec: status.canarySpec,
          lastPromotedSpec: status.canarySpec,
          promotionRequested: false,
        },
        `promoted ${status.canarySpec}`,
      );
    }

    default:
      return result(status, `phase ${status.phase} is not handled`);
  }
}

/**
 * Once the canary is ready, it gets its first share of traffic; the first
 * analysis comes an interval later, so it measures the canary under load.
 * A/B testing and blue/green send the canary everything they route to it
 * (the matched requests, or all) for the iterations.
 */
async function firstStep(
  ctx: CanaryTickContext,
  status: CanaryStatus,
  result: (next: CanaryStatus, message: string) => CanaryTickResult,
): Promise<CanaryTickResult> {
  const { canary, router, now } = ctx;
  const weight =
    canary.spec.analysis.iterations !== undefined
      ? 100
      : nextWeight(canary.spec.analysis, 0)!;
  await router.setWeights(canary, { primary: 100 - weight, canary: weight });
  return result(
    { ...status, canaryWeight: weight, lastStepAt: now.toISOString() },
    `canary ready: ${weight}% of ${
      canary.spec.analysis.match ? 'the matched requests' : 'traffic'
    } goes to it`,
  );
}

/** The primary runs the canary's template (apart from the labels and config names the primary has its own of). */
function isPrimaryCurrent(primary: Deployment, target: Deployment) {
  const images = (d: Deployment) =>
    JSON.stringify(
      (d.spec?.template?.spec?.containers ?? []).map((c: any) => c.image),
    );
  return images(primary) === images(target);
}

async function analyse(
  ctx: CanaryTickContext,
  status: CanaryStatus,
  rollBack: (why: string) => Promise<CanaryTickResult>,
  result: (
    next: CanaryStatus,
    message: string,
    measurements?: CanaryMeasurement[],
  ) => CanaryTickResult,
): Promise<CanaryTickResult> {
  const { canary, router, now } = ctx;
  const { analysis } = canary.spec;
  const weight = status.canaryWeight ?? 0;
  const stepped = { ...status, lastStepAt: now.toISOString() };

  const measurements: CanaryMeasurement[] = [];
  if (!canary.spec.skipAnalysis) {
    for (const metric of analysis.metrics ?? []) {
      const query = metric.query ?? ctx.builtInQuery(metric.name);
      measurements.push(
        query
          ? await checkMetric(
              ctx.metrics,
              {
                name: metric.name,
                query,
                thresholdRange: metric.thresholdRange,
              },
              {
                variables: {
                  namespace: canary.metadata.namespace,
                  target: canary.spec.targetRef.name,
                  interval: metric.interval ?? '1m',
                },
                weight,
                now,
              },
            )
          : {
              metric: metric.name,
              passed: false,
              at: now.toISOString(),
              weight,
              ...metric.thresholdRange,
              error: `the ${canary.spec.provider} router has no built-in ${metric.name}; give the metric a query`,
            },
      );
    }
  }
  const failed = measurements.filter(m => !m.passed);
  if (failed.length > 0) {
    const failedChecks = (status.failedChecks ?? 0) + 1;
    const why = failed
      .map(
        m =>
          m.error ??
          `${m.metric} ${Number(m.value!.toPrecision(4))} outside [${
            m.min ?? ''
          }, ${m.max ?? ''}]`,
      )
      .join('; ');
    if (failedChecks >= analysis.threshold) {
      const rolled = await rollBack(
        `${failedChecks} failed checks (threshold ${analysis.threshold}): ${why}`,
      );
      return {
        ...rolled,
        status: {
          ...rolled.status,
          failedChecks,
          lastMeasurements: measurements,
          lastStepAt: now.toISOString(),
        },
        measurements,
      };
    }
    return result(
      { ...stepped, failedChecks, lastMeasurements: measurements },
      `check ${failedChecks} of ${analysis.threshold} failed: ${why}`,
      measurements,
    );
  }

  const confirmGate = (analysis.webhooks ?? []).some(
    w => w.type === 'confirm-promotion',
  );
  const done = (message: string) =>
    result(
      {
        ...stepped,
        phase: confirmGate ? 'WaitingPromotion' : 'Promoting',
        lastMeasurements: measurements,
      },
      message,
      measurements,
    );

  if (analysis.iterations !== undefined) {
    const iterations = (status.iterations ?? 0) + 1;
    if (iterations >= analysis.iterations) {
      return done(`${iterations} iterations passed`);
    }
    return result(
      { ...stepped, iterations, lastMeasurements: measurements },
      `iteration ${iterations} of ${analysis.iterations} passed`,
      measurements,
    );
  }

  const next = nextWeight(analysis, weight);
  if (next === undefined) {
    return done(`every step passed at ${weight}%`);
  }
  await router.setWeights(canary, { primary: 100 - next, canary: next });
  return result(
    { ...stepped, canaryWeight: next, lastMeasurements: measurements },
    `canary at ${next}%`,
    measurements,
  );
}
