import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  parseImagePolicy,
  type SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';
import { DEFAULT_DENIED_KINDS, DEFAULT_WEBHOOK_HOSTS } from '@slipway/engine';
import { isIP } from 'node:net';
import { z } from 'zod';
import { configProblem } from './configProblem';
import { checkFreezeWindow } from './freezeWindows';
import { prometheusSettingsSchema } from './prometheusSettings';

const DEFAULT_PATH_TEMPLATE = 'clusters/{environment}/{service}';

const NAMESPACES_REQUIRED =
  'is required: list the namespaces services in this environment may write, e.g. [staging] or ["shop-{service}"]';

/** A namespace name, or a pattern with `{service}` in it (`shop-{service}`). */
const namespacePattern = z
  .string()
  .refine(
    n => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n.replaceAll('{service}', 'x')),
    'must be a namespace name (DNS-1123 label), optionally with {service} in it',
  );

/** `Kind` or `group/Kind`. */
const kindName = z
  .string()
  .regex(/^([a-z0-9.-]+\/)?[A-Z][A-Za-z0-9]*$/, 'must be Kind or group/Kind');

const environmentSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label'),
  cluster: z.string().min(1),
  repository: z.string().min(1),
  branch: z.string().min(1).default('main'),
  path: z
    .string()
    .default(DEFAULT_PATH_TEMPLATE)
    .refine(p => p.includes('{service}'), 'must contain {service}'),
  namespaces: z
    .array(namespacePattern, {
      required_error: NAMESPACES_REQUIRED,
    })
    .min(1, NAMESPACES_REQUIRED),
  clusterScopedKinds: z.array(kindName).default([]),
  deniedKinds: z.array(kindName).default(DEFAULT_DENIED_KINDS),
  adoptUnlabelled: z.boolean().default(false),
  prune: z
    .object({
      confirmAboveFraction: z.number().min(0).max(1).default(0.5),
      confirmAboveCount: z.number().int().min(0).default(20),
    })
    .strict()
    .default({}),
  mask: z
    .array(
      z
        .object({
          kind: kindName,
          fields: z
            .array(
              z
                .string()
                .regex(
                  /^[A-Za-z0-9_.-]+$/,
                  'must be a field path like data or data.password',
                ),
            )
            .min(1),
        })
        .strict(),
    )
    .default([]),
  canaryWebhooks: z
    .object({
      allowedHosts: z
        .array(
          z
            .string()
            .refine(
              h =>
                isIP(h.split('/')[0]) !== 0 || /^(\*\.)?[a-z0-9.-]+$/i.test(h),
              'must be a host name, *.suffix, an IP address or a CIDR range',
            ),
        )
        .default(DEFAULT_WEBHOOK_HOSTS),
    })
    .strict()
    .default({}),
  kustomize: z
    .object({ remoteBases: z.boolean().default(false) })
    .strict()
    .default({}),
  interval: z.number().int().min(1).default(60),
  driftMode: z.enum(['correct', 'detect']).default('correct'),
  progressDeadlineSeconds: z.number().int().min(1).default(600),
  prometheus: prometheusSettingsSchema.optional(),
  promotion: z
    .object({ mode: z.enum(['commit', 'pull-request']) })
    .default({ mode: 'pull-request' }),
  onCanaryFailure: z.enum(['revert', 'pull-request', 'none']).optional(),
  freezeWindows: z
    .array(
      z
        .object({
          name: z.string().min(1),
          start: z.string().min(1),
          duration: z.string().min(1),
          timeZone: z.string().min(1).default('UTC'),
        })
        .strict()
        .superRefine((window, context) => {
          try {
            checkFreezeWindow(window);
          } catch (error) {
            context.addIssue({
              code: z.ZodIssueCode.custom,
              message: `is not a freeze window: ${(error as Error).message}`,
            });
          }
        }),
    )
    .default([]),
  imageAutomation: z
    .object({
      mode: z.enum(['commit', 'pull-request']).default('pull-request'),
      policy: z.unknown().optional(),
    })
    .strict()
    .optional(),
});

/** Names of the clusters Slipway has its own credentials for (`slipway.clusters`). */
function configuredClusters(config: Config): Set<string> {
  return new Set(
    (config.getOptionalConfigArray('slipway.clusters') ?? []).map(c =>
      c.getString('name'),
    ),
  );
}

/**
 * Reads app-config `slipway.environments`, in promotion order. Clusters are
 * names from `slipway.clusters`, where the engine's own credentials are
 * (their URL and CA may come from the kubernetes plugin's cluster list).
 *
 * @public
 */
export function readSlipwayEnvironments(config: Config): SlipwayEnvironment[] {
  const raw = config.getOptional<unknown[]>('slipway.environments') ?? [];
  const clusters = configuredClusters(config);
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const result = environmentSchema.safeParse(entry);
    if (!result.success) {
      throw configProblem(`slipway.environments[${index}]`, result.error);
    }
    const env = result.data;
    if (seen.has(env.name)) {
      throw new InputError(
        `slipway.environments[${index}].name "${env.name}" is used twice`,
      );
    }
    seen.add(env.name);
    if (env.imageAutomation?.policy !== undefined) {
      const policy = parseImagePolicy(
        env.imageAutomation.policy,
        `slipway.environments[${index}].imageAutomation.policy`,
      );
      if (!policy.ok) {
        throw new InputError(policy.message);
      }
      env.imageAutomation.policy = policy.policy;
    }
    if (!clusters.has(env.cluster)) {
      throw new InputError(
        `slipway.environments[${index}].cluster "${
          env.cluster
        }" is not in slipway.clusters (known: ${
          [...clusters].join(', ') || 'none'
        }): give Slipway its own credentials for it there`,
      );
    }
    // An environment that reviews its changes reviews the revert too.
    env.onCanaryFailure ??=
      env.promotion.mode === 'commit' ? 'revert' : 'pull-request';
    // imageAutomation.policy was validated above and replaced by the parsed policy.
    return env as SlipwayEnvironment;
  });
}
