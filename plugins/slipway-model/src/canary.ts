import { z } from 'zod';
import { isDuration } from './duration';

/**
 * A Canary run's phases, in the order a successful run passes them.
 *
 * @public
 */
export const CANARY_PHASES = [
  'Initializing',
  'Initialized',
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
  'Succeeded',
  'Failed',
] as const;
/**
 * Where a Canary's run is, as Flagger names its phases.
 *
 * @public
 */
export type CanaryPhase = (typeof CANARY_PHASES)[number];

/**
 * What the portal can ask of a Canary.
 *
 * @public
 */
export const CANARY_ACTIONS = [
  'promote',
  'abort',
  'retry',
  'pause',
  'resume',
] as const;
/**
 * What a person may do to a Canary's run from the Canary tab.
 *
 * @public
 */
export type CanaryAction = (typeof CANARY_ACTIONS)[number];

/**
 * The phases a run can be promoted or aborted in: its steps or its promotion gate.
 *
 * @public
 */
export const CANARY_STEERABLE_PHASES: readonly CanaryPhase[] = [
  'Progressing',
  'WaitingPromotion',
];

/**
 * The routers a Canary may shift traffic with (`spec.provider`).
 *
 * @public
 */
export const CANARY_PROVIDERS = [
  'gatewayapi',
  'appmesh',
  'kubernetes',
] as const;
/**
 * One of {@link CANARY_PROVIDERS}.
 *
 * @public
 */
export type CanaryProvider = (typeof CANARY_PROVIDERS)[number];

/**
 * When a Canary webhook is called in a run (`spec.analysis.webhooks[].type`), as Flagger names them.
 *
 * @public
 */
export const CANARY_WEBHOOK_TYPES = [
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-promotion',
  'post-rollout',
  'rollback',
  'confirm-traffic-increase',
  'event',
] as const;

/**
 * Metrics every router can measure without a query of the author's.
 *
 * @public
 */
export const BUILT_IN_METRICS = [
  'request-success-rate',
  'request-duration',
] as const;

const duration = z
  .string()
  .refine(isDuration, 'must be a duration such as 30s, 1m30s or 500ms');

const headerMatch = z
  .object({
    exact: z.string().optional(),
    prefix: z.string().optional(),
    regex: z.string().optional(),
  })
  .strict()
  .refine(
    m => [m.exact, m.prefix, m.regex].filter(v => v !== undefined).length === 1,
    'set exactly one of exact, prefix or regex',
  );

/**
 * Where a metric is read; the backend's configuration says how to reach each.
 *
 * @public
 */
export const METRIC_PROVIDERS = ['prometheus', 'cloudwatch'] as const;

/**
 * A built-in provider's name, or one a backend module adds (the backend
 * says which are installed when a Canary names one that is not).
 */
const providerName = (builtIn: readonly string[]) =>
  z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,62}$/,
      `must be ${builtIn.join(', ')} or the name of one a backend module adds`,
    );

const metric = z
  .object({
    name: z.string().min(1),
    query: z.string().min(1).optional(),
    /** Prometheus unless set; CloudWatch takes a JSON array of MetricDataQuery as its query. */
    provider: z
      .object({
        type: providerName(METRIC_PROVIDERS),
        region: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    interval: duration.optional(),
    thresholdRange: z
      .object({ min: z.number().optional(), max: z.number().optional() })
      .strict()
      .refine(
        r => r.min !== undefined || r.max !== undefined,
        'needs min, max or both',
      )
      .refine(
        r => r.min === undefined || r.max === undefined || r.min <= r.max,
        'min must not be above max',
      ),
  })
  .strict()
  .refine(
    m =>
      m.query !== undefined ||
      (BUILT_IN_METRICS as readonly string[]).includes(m.name),
    {
      message: `needs a query, unless it is a built-in metric: ${BUILT_IN_METRICS.join(
        ' or ',
      )}`,
      path: ['query'],
    },
  )
  .refine(
    m =>
      m.query !== undefined || !m.provider || m.provider.type === 'prometheus',
    {
      message:
        'a CloudWatch metric needs a query, as does any metric not of Prometheus: built-in metrics are PromQL',
      path: ['query'],
    },
  );

const webhook = z
  .object({
    name: z.string().min(1),
    type: z.enum(CANARY_WEBHOOK_TYPES),
    url: z.string().regex(/^https?:\/\//, 'must be an http(s) URL'),
    timeout: duration.optional(),
    metadata: z.record(z.string()).optional(),
  })
  .strict();

const analysis = z
  .object({
    interval: duration,
    threshold: z.number().int().min(1),
    maxWeight: z.number().int().min(1).max(100).optional(),
    stepWeight: z.number().int().min(1).max(100).optional(),
    stepWeights: z.array(z.number().int().min(1).max(100)).min(1).optional(),
    iterations: z.number().int().min(1).optional(),
    match: z
      .array(z.object({ headers: z.record(headerMatch) }).strict())
      .min(1)
      .optional(),
    metrics: z.array(metric).optional(),
    webhooks: z.array(webhook).optional(),
  })
  .strict()
  .refine(
    a =>
      [a.stepWeight, a.stepWeights, a.iterations].filter(v => v !== undefined)
        .length === 1,
    'set exactly one of stepWeight, stepWeights (weighted steps) or iterations (A/B testing, blue/green)',
  )
  .refine(a => a.match === undefined || a.iterations !== undefined, {
    message:
      'match (A/B testing) runs for a number of iterations: set iterations, not weights',
    path: ['match'],
  });

/**
 * The spec of a `canaries.slipway.io/v1alpha1` Canary, checked as the API
 * server's schema does, so the engine can trust what it reads and a spec
 * that reached the cluster some other way still gets a message naming the
 * field.
 *
 * @public
 */
export const canarySpecSchema = z
  .object({
    provider: providerName(CANARY_PROVIDERS).default('kubernetes'),
    targetRef: z
      .object({
        apiVersion: z.literal('apps/v1'),
        kind: z.literal('Deployment'),
        name: z.string().min(1),
      })
      .strict(),
    service: z
      .object({
        name: z.string().optional(),
        port: z.number().int().min(1).max(65535),
        targetPort: z.union([z.number().int(), z.string()]).optional(),
        portName: z.string().optional(),
        gatewayRefs: z
          .array(
            z
              .object({
                name: z.string(),
                namespace: z.string().optional(),
                sectionName: z.string().optional(),
              })
              .strict(),
          )
          .optional(),
        meshName: z.string().optional(),
      })
      .strict(),
    analysis,
    progressDeadlineSeconds: z.number().int().min(1).optional(),
    skipAnalysis: z.boolean().optional(),
    suspend: z.boolean().optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    if (spec.provider === 'gatewayapi' && !spec.service.gatewayRefs?.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['service', 'gatewayRefs'],
        message:
          'the gatewayapi provider needs the Gateways the HTTPRoute attaches to',
      });
    }
    if (spec.provider === 'appmesh' && !spec.service.meshName) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['service', 'meshName'],
        message: 'the appmesh provider needs the mesh name',
      });
    }
    if (
      spec.provider === 'kubernetes' &&
      (spec.analysis.iterations === undefined || spec.analysis.match)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['analysis'],
        message:
          'the kubernetes provider switches all traffic at once (blue/green): set iterations, and no weights or match',
      });
    }
  });

/**
 * A Canary's `spec`, as its schema accepts it.
 *
 * @public
 */
export type CanarySpec = z.infer<typeof canarySpecSchema>;
/**
 * One metric check of a Canary's analysis.
 *
 * @public
 */
export type CanaryMetric = NonNullable<
  CanarySpec['analysis']['metrics']
>[number];
/**
 * One webhook of a Canary's analysis.
 *
 * @public
 */
export type CanaryWebhook = NonNullable<
  CanarySpec['analysis']['webhooks']
>[number];

/**
 * One run of a Canary: a version's way from its first step to promotion or rollback.
 *
 * @public
 */
export type CanaryRun = {
  runId: string;
  /** Hash of the version analysed (the Canary's status.canarySpec). */
  spec?: string;
  /** Its container images. */
  images?: string[];
  /** Succeeded or Failed once ended; the phase it is in while it runs. */
  phase: CanaryPhase;
  startedAt: string;
  endedAt?: string;
  durationSeconds?: number;
  /** The last word of the run: why it was promoted or rolled back. */
  message?: string;
};

/**
 * One check of one metric, as status and the database keep it.
 *
 * @public
 */
export type CanaryMeasurement = {
  metric: string;
  value?: number;
  min?: number;
  max?: number;
  passed: boolean;
  at: string;
  weight: number;
  error?: string;
};

/**
 * The latest answer of one webhook, as status keeps it.
 *
 * @public
 */
export type CanaryWebhookResult = {
  name: string;
  type: CanaryWebhook['type'];
  at: string;
  passed: boolean;
  /** The HTTP status, when it answered. */
  status?: number;
  error?: string;
};

/**
 * The status subresource: all of a run's progress lives here.
 *
 * @public
 */
export type CanaryStatus = {
  phase?: CanaryPhase;
  observedGeneration?: number;
  canaryWeight?: number;
  iterations?: number;
  failedChecks?: number;
  /** Hash of what the primary runs (pod template and referenced config). */
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  /** Hash of what the current run delivers. */
  canarySpec?: string;
  /** The container images of what the current run delivers, for people. */
  canaryImages?: string[];
  /** The container images the primary serves (as read at the last tick), for people. */
  primaryImages?: string[];
  runId?: string;
  startedAt?: string;
  lastTransitionTime?: string;
  lastStepAt?: string;
  message?: string;
  promotionRequested?: boolean;
  abortRequested?: boolean;
  /** The last run promoted without analysis, and whose request it used (each is used once). */
  analysisSkipped?: CanaryAnalysisSkipped;
  lastMeasurements?: CanaryMeasurement[];
  lastWebhooks?: CanaryWebhookResult[];
  /** `Ready` (the last step worked, or why not) and `Promoted` (the primary runs the latest version), as Flagger writes them. */
  conditions?: CanaryCondition[];
};

/**
 * A run promoted without analysis, as a rollback asked (CANARY_SKIP_ANALYSIS_ANNOTATION).
 *
 * @public
 */
export type CanaryAnalysisSkipped = {
  runId: string;
  requestedBy: string;
  requestedAt: string;
};

/**
 * A condition of a Canary, in Kubernetes' form: `kubectl wait --for=condition=Promoted` reads it.
 *
 * @public
 */
export type CanaryCondition = {
  type: 'Ready' | 'Promoted';
  status: 'True' | 'False' | 'Unknown';
  /** One word: the phase, or what failed (`RouterFailed`, `InvalidSpec`, `StepFailed`). */
  reason: string;
  message: string;
  /** When `status` last changed. */
  lastTransitionTime: string;
  /** The Canary's generation the condition was written for. */
  observedGeneration?: number;
};

/**
 * Every problem with a spec, each naming its field: `spec.analysis.interval: must be a duration…`.
 *
 * @public
 */
export function canarySpecProblems(spec: unknown): string[] {
  const result = canarySpecSchema.safeParse(spec);
  return result.success
    ? []
    : result.error.issues.map(
        i =>
          `spec${i.path
            .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
            .join('')}: ${i.message}`,
      );
}
