import { CANARY_SKIP_ANALYSIS_ANNOTATION } from '@slipway/model';
import { canaryState, fakeReads, NOW } from '../../testUtils/canaryState';
import { idle } from './idle';
import { progressing } from './progressing';

const REQUESTED_AT = '2026-12-02T09:59:00.000Z';
const skip = (images: string[], requestedAt = REQUESTED_AT) => ({
  [CANARY_SKIP_ANALYSIS_ANNOTATION]: JSON.stringify({
    images,
    requestedBy: 'user:default/ada',
    requestedAt,
  }),
});
const idleWith = (annotations: Record<string, string>, usedRequest?: string) =>
  idle(
    canaryState({
      status: {
        phase: 'Succeeded',
        lastAppliedSpec: 'v1',
        analysisSkipped:
          usedRequest === undefined
            ? undefined
            : {
                runId: 'earlier',
                requestedBy: 'user:default/ada',
                requestedAt: usedRequest,
              },
      },
      annotations,
    }),
    fakeReads(),
  );

describe('skipping the analysis of a rollback', () => {
  it('promotes the version a rollback names without scaling the canary, and says who asked', async () => {
    const decision = await idleWith(skip(['web:2', 'worker:2']));
    expect(decision.status).toMatchObject({
      phase: 'Promoting',
      canarySpec: 'v2',
      canaryWeight: 0,
      analysisSkipped: {
        runId: decision.status.runId,
        requestedBy: 'user:default/ada',
        requestedAt: REQUESTED_AT,
      },
      lastStepAt: NOW.toISOString(),
    });
    expect(decision.message).toBe(
      'new version of web (v2): analysis skipped, as user:default/ada asked when rolling back to a release that passed its canary',
    );
    expect(decision.actions).toEqual([{ kind: 'scaleCanary', replicas: 0 }]);
  });

  it('analyses any other version, a request used once, and an annotation that does not parse', async () => {
    for (const decision of [
      await idleWith(skip(['web:3'])),
      await idleWith(skip(['web:2']), REQUESTED_AT),
      await idleWith({ [CANARY_SKIP_ANALYSIS_ANNOTATION]: '{"images":' }),
      await idleWith({
        [CANARY_SKIP_ANALYSIS_ANNOTATION]: JSON.stringify({
          images: ['web:2'],
        }),
      }),
    ]) {
      expect(decision.status.phase).toBe('Progressing');
      expect(decision.message).toBe(
        'new version of web (v2): starting the analysis',
      );
    }
  });

  it('promotes a run already under analysis when the request comes after it began', async () => {
    const decision = await progressing(
      canaryState({
        status: {
          phase: 'Progressing',
          lastAppliedSpec: 'v1',
          canarySpec: 'v2',
          canaryWeight: 10,
          runId: 'run-1',
          lastStepAt: NOW.toISOString(),
        },
        annotations: skip(['web:2']),
      }),
      fakeReads(),
    );
    expect(decision.status).toMatchObject({
      phase: 'Promoting',
      analysisSkipped: { runId: 'run-1', requestedAt: REQUESTED_AT },
    });
  });
});
