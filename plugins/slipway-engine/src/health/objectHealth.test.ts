import { objectHealth } from './objectHealth';

const deployment = (
  status: Record<string, unknown>,
  generation = 2,
  replicas = 3,
) => ({
  kind: 'Deployment',
  metadata: { generation },
  spec: { replicas },
  status: { observedGeneration: 2, ...status },
});

describe('objectHealth', () => {
  it('follows a Deployment rollout to the end', () => {
    expect(objectHealth(deployment({}, 3)).status).toBe('Progressing');
    expect(
      objectHealth(
        deployment({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 }),
      ),
    ).toEqual({
      status: 'Progressing',
      message: '1 of 3 replicas updated',
    });
    expect(
      objectHealth(
        deployment({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 }),
      ).message,
    ).toBe('1 old replicas still running');
    expect(
      objectHealth(
        deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 }),
      ).status,
    ).toBe('Progressing');
    expect(
      objectHealth(
        deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
      ),
    ).toEqual({
      status: 'Healthy',
      message: '3 replicas available',
    });
  });

  it('fails a Deployment past its progress deadline', () => {
    expect(
      objectHealth(
        deployment({
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-1" has timed out progressing.',
            },
          ],
        }),
      ),
    ).toEqual({
      status: 'Failed',
      message: 'ReplicaSet "web-1" has timed out progressing.',
    });
  });

  it('reads StatefulSets, DaemonSets and Jobs', () => {
    expect(
      objectHealth({
        kind: 'StatefulSet',
        spec: { replicas: 2 },
        status: { updatedReplicas: 2, readyReplicas: 1 },
      }).status,
    ).toBe('Progressing');
    expect(
      objectHealth({
        kind: 'StatefulSet',
        spec: { replicas: 2 },
        status: { updatedReplicas: 2, readyReplicas: 2 },
      }).status,
    ).toBe('Healthy');
    expect(
      objectHealth({
        kind: 'DaemonSet',
        status: {
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 3,
        },
      }).status,
    ).toBe('Healthy');
    expect(
      objectHealth({
        kind: 'Job',
        status: { conditions: [{ type: 'Complete', status: 'True' }] },
      }).status,
    ).toBe('Healthy');
    expect(
      objectHealth({
        kind: 'Job',
        status: {
          conditions: [
            { type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' },
          ],
        },
      }),
    ).toEqual({
      status: 'Failed',
      message: 'BackoffLimitExceeded',
    });
  });

  it('uses the Ready condition of custom resources', () => {
    expect(
      objectHealth({
        kind: 'Canary',
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      }).status,
    ).toBe('Healthy');
    expect(
      objectHealth({
        kind: 'Canary',
        status: {
          conditions: [
            { type: 'Ready', status: 'False', message: 'analysis failed' },
          ],
        },
      }),
    ).toEqual({
      status: 'Failed',
      message: 'analysis failed',
    });
    expect(objectHealth({ kind: 'ConfigMap' }).status).toBe('Healthy');
    expect(objectHealth(undefined).status).toBe('Unknown');
  });
});
