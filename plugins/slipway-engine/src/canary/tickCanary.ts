import {
  BUILT_IN_METRICS,
  CANARY_PAUSED_ANNOTATION,
  type CanaryMeasurement,
  type CanaryMetric,
  type CanaryPhase,
  type CanaryStatus,
  type CanaryWebhook,
  type CanaryWebhookResult,
} from '@slipway/backstage-plugin-slipway-common';
import { randomUUID } from 'node:crypto';
import type { ObjectClient } from '../apply/ObjectClient';
import { builtInQuery } from '../metrics/builtInQueries';
import { checkMetric } from '../metrics/checkMetric';
import type { MetricProvider } from '../metrics/MetricProvider';
import type { Router } from '../routers/Router';
import type { OutboundPolicy } from '../security/outboundPolicy';
import { CanaryResource, workloadNames } from './canaryResource';
import { applyCanaryServices } from './canaryServices';
import { durationMs } from './duration';
import { nextWeight } from './nextWeight';
import {
  callWebhooks,
  hasWebhooks,
  latestWebhookResults,
  webhookFailures,
} from './webhooks';
import {
  applyPrimary,
  delivered,
  Deployment,
  isReady,
  primarySelector,
  primaryVersion,
  readDeployment,
  scale,
} from './workload';

/**
 * What one canary tick reads and acts through.
 *
 * @public
 */
export type CanaryTickContext = {
  client: ObjectClient;
  /** The Canary as just read; its status is all the progress there is. */
  canary: CanaryResource;
  router: Router;
  /** Where a metric is read: Prometheus, or the CloudWatch region it names. */
  metricsFor: (metric: CanaryMetric) => MetricProvider;
  /** Where its webhooks may be called; the cluster's services by default. */
  webhookPolicy?: OutboundPolicy;
  now: Date;
};

/**
 * A phase change of a Canary's run, with its reason, for events and the run history.
 *
 * @public
 */
export type CanaryTransition = {
  from?: CanaryPhase;
  to: CanaryPhase;
  message: string;
};

type Webhooks = (
  type: CanaryWebhook['type'],
  /** The phase the hooks are told of, when not the current one. */
  phase?: CanaryPhase,
) => Promise<{ passed: boolean; results: CanaryWebhookResult[] }>;

/**
 * What one tick of a Canary did: its new status, the phase change it made (if any) and the metric checks it took.
 *
 * @public
 */
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
  const webhookResults: CanaryWebhookResult[] = [];
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
      ...(webhookResults.length > 0 && {
        lastWebhooks: latestWebhookResults(next.lastWebhooks, webhookResults),
      }),
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
  const webhooks: Webhooks = async (type, phase) => {
    const called = await callWebhooks(
      canary,
      type,
      phase ?? status.phase ?? 'Initializing',
      status.canarySpec ?? current.hash,
      () => now,
      ctx.webhookPolicy,
    );
    webhookResults.push(...called.results);
    return called;
  };
  const intervalMs = durationMs(canary.spec.analysis.interval);
  const intervalPassed = () =>
    !status.lastStepAt ||
    now.getTime() - Date.parse(status.lastStepAt) >= intervalMs;

  const rollBack = async (why: string) => {
    await router.finalize(canary);
    await scale(client, namespace, names.canary, 0);
    // Told, never asked: whatever post-rollout hooks answer, the run failed.
    await webhooks('post-rollout', 'Failed');
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

  /** A run of the target's current version, held in Waiting if rollouts need confirming. */
  const beginRun = async (why: string) => {
    const run: CanaryStatus = {
      ...status,
      runId: randomUUID(),
      canarySpec: current.hash,
      canaryImages: (target.spec?.template?.spec?.containers ?? []).map(
        (c: { image: string }) => c.image,
      ),
      canaryWeight: 0,
      iterations: 0,
      failedChecks: 0,
      startedAt: now.toISOString(),
      lastMeasurements: [],
      lastWebhooks: [],
      promotionRequested: false,
      abortRequested: false,
    };
    if (hasWebhooks(canary, 'confirm-rollout')) {
      await scale(client, namespace, names.canary, 0);
      return result(
        { ...run, phase: 'Waiting', lastStepAt: undefined },
        `${why}: waiting for the rollout to be confirmed`,
      );
    }
    await scale(client, namespace, names.canary, replicas);
    return result(
      { ...run, phase: 'Progressing', lastStepAt: now.toISOString() },
      `${why}: starting the analysis`,
    );
  };
  /**
   * The target changed before its version was promoted: what was analysed
   * is not what would be promoted, so the primary takes all traffic back
   * and the newer version's run starts from the beginning.
   */
  const newerVersionArrived = current.hash !== status.canarySpec;
  const restartRun = async () => {
    await router.setWeights(canary, { primary: 100, canary: 0 });
    return beginRun(
      `a newer version of ${names.canary} (${current.hash}) arrived during the run; it starts over`,
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
      // The primary holds the version it was made from: a newer one that
      // arrived while it became ready is a change, and starts a run.
      return result(
        {
          phase: 'Initialized',
          lastAppliedSpec: primaryVersion(primary) ?? current.hash,
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
      return beginRun(`new version of ${names.canary} (${current.hash})`);
    }

    case 'Waiting': {
      if (status.abortRequested) {
        return rollBack('aborted from the portal before it started');
      }
      if (current.hash !== status.canarySpec) {
        return result(
          { ...status, canarySpec: current.hash },
          `a newer version of ${names.canary} (${current.hash}) waits for the rollout to be confirmed`,
        );
      }
      if (!intervalPassed()) {
        return result(status, status.message ?? '');
      }
      const confirmed = await webhooks('confirm-rollout');
      if (!confirmed.passed) {
        return result(
          { ...status, lastStepAt: now.toISOString() },
          `waiting for the rollout to be confirmed: ${webhookFailures(
            confirmed.results,
          )}`,
        );
      }
      await scale(client, namespace, names.canary, replicas);
      return result(
        { ...status, phase: 'Progressing', lastStepAt: now.toISOString() },
        `rollout confirmed: starting the analysis of ${names.canary} (${current.hash})`,
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
      if (newerVersionArrived) {
        return restartRun();
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
      const weight = status.canaryWeight ?? 0;
      // A first step that pre-rollout hooks refused is tried again an interval later.
      if ((weight > 0 || status.failedChecks) && !intervalPassed()) {
        return result(status, status.message ?? '');
      }
      if (weight === 0) {
        return firstStep(ctx, status, { rollBack, result, webhooks });
      }
      return analyse(ctx, status, { rollBack, result, webhooks });
    }

    case 'WaitingPromotion': {
      if (status.abortRequested) {
        return rollBack('aborted from the portal');
      }
      if (newerVersionArrived) {
        return restartRun();
      }
      if (status.promotionRequested) {
        return result(
          { ...status, phase: 'Promoting', lastStepAt: now.toISOString() },
          'promotion confirmed from the portal',
        );
      }
      if (!intervalPassed()) {
        return result(status, status.message ?? '');
      }
      const rollback = await webhooks('rollback');
      const asked = rollback.results.find(r => r.passed);
      if (asked) {
        return rollBack(`webhook ${asked.name} asked for a rollback`);
      }
      const confirmed = await webhooks('confirm-promotion');
      if (!confirmed.passed) {
        return result(
          { ...status, lastStepAt: now.toISOString() },
          `waiting for the promotion to be confirmed from the portal or by its webhooks: ${webhookFailures(
            confirmed.results,
          )}`,
        );
      }
      return result(
        { ...status, phase: 'Promoting', lastStepAt: now.toISOString() },
        'promotion confirmed by webhook',
      );
    }

    case 'Promoting': {
      if (newerVersionArrived) {
        return restartRun();
      }
      await applyPrimary(client, canary, target, current, replicas);
      return result(
        { ...status, phase: 'Finalising', lastStepAt: now.toISOString() },
        `${names.primary} takes the new version`,
      );
    }

    case 'Finalising': {
      // With a newer target, the primary cannot be compared to it: its own rollout says enough.
      const rolledOut =
        isReady(primary) &&
        (newerVersionArrived || isPrimaryCurrent(primary!, target));
      if (!rolledOut) {
        return result(
          status,
          `waiting for ${names.primary} to roll out the new version`,
        );
      }
      await router.finalize(canary);
      await scale(client, namespace, names.canary, 0);
      await webhooks('post-rollout', 'Succeeded');
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

type Steps = {
  rollBack: (why: string) => Promise<CanaryTickResult>;
  result: (
    next: CanaryStatus,
    message: string,
    measurements?: CanaryMeasurement[],
  ) => CanaryTickResult;
  webhooks: Webhooks;
};

/**
 * A failed check (a metric or a webhook): counted, and a rollback once
 * the count reaches the threshold.
 */
async function failedCheck(
  ctx: CanaryTickContext,
  status: CanaryStatus,
  why: string,
  measurements: CanaryMeasurement[],
  { rollBack, result }: Steps,
): Promise<CanaryTickResult> {
  const { now } = ctx;
  const { threshold } = ctx.canary.spec.analysis;
  const failedChecks = (status.failedChecks ?? 0) + 1;
  const checked = {
    failedChecks,
    lastMeasurements: measurements,
    lastStepAt: now.toISOString(),
  };
  if (failedChecks >= threshold) {
    const rolled = await rollBack(
      `${failedChecks} failed checks (threshold ${threshold}): ${why}`,
    );
    return {
      ...rolled,
      status: { ...rolled.status, ...checked },
      measurements,
    };
  }
  return result(
    { ...status, ...checked },
    `check ${failedChecks} of ${threshold} failed: ${why}`,
    measurements,
  );
}

/**
 * Once the canary is ready and its pre-rollout hooks agree, it gets its
 * first share of traffic; the first analysis comes an interval later, so it
 * measures the canary under load. A/B testing and blue/green send the
 * canary everything they route to it (the matched requests, or all) for
 * the iterations.
 */
async function firstStep(
  ctx: CanaryTickContext,
  status: CanaryStatus,
  steps: Steps,
): Promise<CanaryTickResult> {
  const { canary, router, now } = ctx;
  const preRollout = await steps.webhooks('pre-rollout');
  if (!preRollout.passed) {
    return failedCheck(
      ctx,
      status,
      webhookFailures(preRollout.results),
      [],
      steps,
    );
  }
  const weight =
    canary.spec.analysis.iterations !== undefined
      ? 100
      : nextWeight(canary.spec.analysis, 0)!;
  await router.setWeights(canary, { primary: 100 - weight, canary: weight });
  return steps.result(
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

/**
 * One analysis: rollback hooks may end the run; then every metric and
 * rollout hook is checked, and when all pass the canary takes its next step.
 */
async function analyse(
  ctx: CanaryTickContext,
  status: CanaryStatus,
  steps: Steps,
): Promise<CanaryTickResult> {
  const { canary, router, now } = ctx;
  const { result, webhooks } = steps;
  const { analysis } = canary.spec;
  const weight = status.canaryWeight ?? 0;
  const stepped = { ...status, lastStepAt: now.toISOString() };

  const rollback = await webhooks('rollback');
  const asked = rollback.results.find(r => r.passed);
  if (asked) {
    return steps.rollBack(`webhook ${asked.name} asked for a rollback`);
  }
  const measurements: CanaryMeasurement[] = [];
  if (!canary.spec.skipAnalysis) {
    for (const metric of analysis.metrics ?? []) {
      measurements.push(await measure(ctx, metric, weight));
    }
  }
  const rollout = await webhooks('rollout');
  const failures = [
    ...measurements
      .filter(m => !m.passed)
      .map(
        m =>
          m.error ??
          `${m.metric} ${Number(m.value!.toPrecision(4))} outside [${
            m.min ?? ''
          }, ${m.max ?? ''}]`,
      ),
    ...(rollout.passed ? [] : [webhookFailures(rollout.results)]),
  ];
  if (failures.length > 0) {
    return failedCheck(ctx, status, failures.join('; '), measurements, steps);
  }

  const done = (message: string) =>
    result(
      {
        ...stepped,
        phase: hasWebhooks(canary, 'confirm-promotion')
          ? 'WaitingPromotion'
          : 'Promoting',
        lastMeasurements: measurements,
        // The promotion gate is asked at once, not an interval later.
        lastStepAt: undefined,
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

/** One check of one metric: its own query, or the router's built-in one. */
async function measure(
  ctx: CanaryTickContext,
  metric: CanaryMetric,
  weight: number,
): Promise<CanaryMeasurement> {
  const { canary, now } = ctx;
  const query = metric.query ?? builtInQuery(canary.spec.provider, metric.name);
  if (!query) {
    return {
      metric: metric.name,
      passed: false,
      at: now.toISOString(),
      weight,
      ...metric.thresholdRange,
      error: `${metric.name} is not a built-in metric (${BUILT_IN_METRICS.join(
        ', ',
      )}); give it a query`,
    };
  }
  return checkMetric(
    ctx.metricsFor(metric),
    { name: metric.name, query, thresholdRange: metric.thresholdRange },
    {
      variables: {
        namespace: canary.metadata.namespace,
        target: canary.spec.targetRef.name,
        interval: metric.interval ?? '1m',
      },
      weight,
      now,
    },
  );
}
