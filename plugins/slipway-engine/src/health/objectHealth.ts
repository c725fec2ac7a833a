/**
 * An object's health: Healthy, Progressing, Failed or Unknown.
 *
 * @public
 */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Failed' | 'Unknown';

/**
 * The health of one object and the message saying why.
 *
 * @public
 */
export type ObjectHealth = { status: HealthStatus; message: string };

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

/**
 * The parts of a live object its health is read from.
 *
 * @public
 */
export type LiveObjectStatus = {
  kind?: string;
  metadata?: { generation?: number };
  spec?: Record<string, any>;
  status?: Record<string, any>;
};

const condition = (obj: LiveObjectStatus, type: string) =>
  (obj.status?.conditions as Condition[] | undefined)?.find(
    c => c.type === type,
  );

function observedCurrent(obj: LiveObjectStatus): boolean {
  const generation = obj.metadata?.generation;
  return (
    generation === undefined ||
    (obj.status?.observedGeneration ?? 0) >= generation
  );
}

const NOT_OBSERVED: ObjectHealth = {
  status: 'Progressing',
  message: 'the controller has not seen the latest spec yet',
};

function deploymentHealth(obj: LiveObjectStatus): ObjectHealth {
  const progressing = condition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Failed',
      message: progressing.message ?? 'progress deadline exceeded',
    };
  }
  if (!observedCurrent(obj)) {
    return NOT_OBSERVED;
  }
  const wanted = obj.spec?.replicas ?? 1;
  const {
    updatedReplicas = 0,
    availableReplicas = 0,
    replicas = 0,
  } = obj.status ?? {};
  if (updatedReplicas < wanted) {
    return {
      status: 'Progressing',
      message: `${updatedReplicas} of ${wanted} replicas updated`,
    };
  }
  if (replicas > updatedReplicas) {
    return {
      status: 'Progressing',
      message: `${replicas - updatedReplicas} old replicas still running`,
    };
  }
  if (availableReplicas < updatedReplicas) {
    return {
      status: 'Progressing',
      message: `${availableReplicas} of ${updatedReplicas} updated replicas available`,
    };
  }
  return {
    status: 'Healthy',
    message: `${availableReplicas} replicas available`,
  };
}

function statefulSetHealth(obj: LiveObjectStatus): ObjectHealth {
  if (!observedCurrent(obj)) {
    return NOT_OBSERVED;
  }
  const wanted = obj.spec?.replicas ?? 1;
  const { updatedReplicas = 0, readyReplicas = 0 } = obj.status ?? {};
  if (updatedReplicas < wanted || readyReplicas < wanted) {
    return {
      status: 'Progressing',
      message: `${readyReplicas} of ${wanted} replicas ready, ${updatedReplicas} updated`,
    };
  }
  return { status: 'Healthy', message: `${readyReplicas} replicas ready` };
}

function daemonSetHealth(obj: LiveObjectStatus): ObjectHealth {
  if (!observedCurrent(obj)) {
    return NOT_OBSERVED;
  }
  const {
    desiredNumberScheduled = 0,
    updatedNumberScheduled = 0,
    numberAvailable = 0,
  } = obj.status ?? {};
  if (
    updatedNumberScheduled < desiredNumberScheduled ||
    numberAvailable < desiredNumberScheduled
  ) {
    return {
      status: 'Progressing',
      message: `${numberAvailable} of ${desiredNumberScheduled} pods available`,
    };
  }
  return { status: 'Healthy', message: `${numberAvailable} pods available` };
}

function jobHealth(obj: LiveObjectStatus): ObjectHealth {
  const failed = condition(obj, 'Failed');
  if (failed?.status === 'True') {
    return {
      status: 'Failed',
      message: failed.message ?? failed.reason ?? 'the Job failed',
    };
  }
  if (condition(obj, 'Complete')?.status === 'True') {
    return { status: 'Healthy', message: 'completed' };
  }
  return { status: 'Progressing', message: 'running' };
}

/** A custom resource is healthy when it says Ready=True; without conditions it is taken as it is. */
function readyConditionHealth(obj: LiveObjectStatus): ObjectHealth {
  const ready = condition(obj, 'Ready');
  if (!ready) {
    return { status: 'Healthy', message: 'has no Ready condition' };
  }
  if (ready.status === 'True') {
    return { status: 'Healthy', message: ready.message ?? 'Ready' };
  }
  // A False that the controller has not yet re-evaluated may still turn True.
  const settled = ready.status === 'False' && observedCurrent(obj);
  return {
    status: settled ? 'Failed' : 'Progressing',
    message: ready.message ?? ready.reason ?? `Ready is ${ready.status}`,
  };
}

const BY_KIND: Record<string, (obj: LiveObjectStatus) => ObjectHealth> = {
  Deployment: deploymentHealth,
  StatefulSet: statefulSetHealth,
  DaemonSet: daemonSetHealth,
  Job: jobHealth,
};

/**
 * How far a live object is from what was applied, by the rules of its kind.
 *
 * @public
 */
export function objectHealth(obj: LiveObjectStatus | undefined): ObjectHealth {
  if (!obj) {
    return { status: 'Unknown', message: 'not found in the cluster' };
  }
  const check = BY_KIND[obj.kind ?? ''];
  if (check) {
    return check(obj);
  }
  return readyConditionHealth(obj);
}
