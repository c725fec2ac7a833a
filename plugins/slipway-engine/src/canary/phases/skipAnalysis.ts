import {
  CANARY_SKIP_ANALYSIS_ANNOTATION,
  type CanarySkipAnalysis,
  type CanaryStatus,
  parseCanarySkipAnalysis,
} from '@slipway/model';
import type { CanaryState, PhaseDecision } from '../tickTypes';
import { podImages } from '../workload';

/**
 * The unused skip-analysis request that covers the target's version: every
 * image the target runs is among the request's (a rollback names the
 * release's images, which may span several workloads).
 */
export function skipAnalysisRequest(
  state: CanaryState,
): CanarySkipAnalysis | undefined {
  const request = parseCanarySkipAnalysis(
    state.canary.metadata.annotations?.[CANARY_SKIP_ANALYSIS_ANNOTATION],
  );
  if (
    !request ||
    request.requestedAt === state.status.analysisSkipped?.requestedAt
  ) {
    return undefined;
  }
  const images = podImages(state.target);
  return images.length > 0 &&
    images.every(image => request.images.includes(image))
    ? request
    : undefined;
}

/** The run's version goes to the primary at once; the request is marked used. */
export function promotedWithoutAnalysis(
  state: CanaryState,
  run: CanaryStatus,
  request: CanarySkipAnalysis,
  why: string,
): PhaseDecision {
  return {
    status: {
      ...run,
      phase: 'Promoting',
      canaryWeight: 0,
      analysisSkipped: {
        runId: run.runId!,
        requestedBy: request.requestedBy,
        requestedAt: request.requestedAt,
      },
      lastStepAt: state.now.toISOString(),
    },
    message: `${why}: analysis skipped, as ${request.requestedBy} asked when rolling back to a release that passed its canary`,
    actions: [{ kind: 'scaleCanary', replicas: 0 }],
  };
}
