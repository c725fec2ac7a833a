import type {
  DeliveryTarget,
  FreezeWindow,
} from '@slipway/backstage-plugin-slipway-common';
import type { TargetImageAutomation } from '@slipway/backstage-plugin-slipway-node';
import type {
  AppliedObject,
  KindPolicy,
  MaskRule,
  ObjectRef,
  PruneLimits,
  TargetStatus,
} from '@slipway/engine';

/** What to reconcile for one (service, environment), as derived from the catalog and app-config. */
export type TargetSpec = DeliveryTarget & {
  defaultNamespace: string;
  /** The namespaces the service may write here (app-config, narrowed by annotation). */
  allowedNamespaces: string[];
  kindPolicy: KindPolicy;
  /** Take over live objects without Slipway labels (the environment's adoptUnlabelled). */
  adoptUnlabelled?: boolean;
  /** When a prune waits for a person (the environment's prune settings). */
  pruneLimits?: PruneLimits;
  driftMode: 'correct' | 'detect';
  /** Fields no diff keeps beyond Secret data (the environment's mask). */
  maskRules?: MaskRule[];
  /** Whether kustomize may fetch remote bases (the environment's kustomize.remoteBases). */
  kustomizeRemoteBases?: boolean;
  intervalSeconds: number;
  progressDeadlineSeconds: number;
  /** The image policy, when the environment takes new images by automation. */
  imageAutomation?: TargetImageAutomation;
  /** The environment's freeze windows, when it has any. */
  freezeWindows?: FreezeWindow[];
};

export type TargetDefinition = {
  id: string;
  entityRef: string;
  spec: TargetSpec;
};

export type TargetRecord = TargetDefinition & {
  status?: TargetStatus;
  suspended: boolean;
  suspendedBy?: string;
  /** The hash of a held-back prune a person confirmed; spent by the next run. */
  pruneConfirmed?: string;
  /** A freeze a person set on this target (Freeze now); over once `until` passed. */
  manualFreeze?: { since: number; until: number; by: string; reason: string };
  /** A revision to apply although the target is frozen; spent once applied. */
  breakGlass?: { revision: string; by: string };
  nextRunAt: number;
  syncRequestedAt?: number;
  syncTrigger?: string;
  failures: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  updatedAt: number;
};

export type ReconciliationResult = 'applied' | 'unchanged' | 'failed';

export type ReconciliationRecord = {
  id?: number;
  targetId: string;
  replica: string;
  trigger: string;
  startedAt: number;
  finishedAt: number;
  revision?: string;
  result: ReconciliationResult;
  reason: string;
  message: string;
  changes: {
    applied: Array<Omit<AppliedObject, 'live'>>;
    pruned: ObjectRef[];
    kept: ObjectRef[];
  };
};

/** The id of a delivery target: the entity and the environment. */
export const targetIdOf = (entityRef: string, environment: string) =>
  `${entityRef}#${environment}`;
