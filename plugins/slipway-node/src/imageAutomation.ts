import type { Entity } from '@backstage/catalog-model';
import {
  describeImagePolicy,
  ImagePolicy,
  parseImagePolicy,
  SLIPWAY_ANNOTATIONS,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';

/**
 * Image automation of one (service, environment): its policy, or why it has none that works.
 *
 * @public
 */
export type TargetImageAutomation =
  | { policy: ImagePolicy; mode: 'commit' | 'pull-request' }
  | { error: string };

/**
 * The policy in a few words, or `invalid` when the target's policy could not be read.
 *
 * @public
 */
export function describeImageAutomation(
  automation: TargetImageAutomation,
): string {
  return 'policy' in automation
    ? describeImagePolicy(automation.policy)
    : 'invalid';
}

/**
 * The image policy of an entity in an environment:
 * `slipway.io/image-policy.<env>` (which also enables automation there),
 * else, where app-config enables `imageAutomation` for the environment,
 * `slipway.io/image-policy` or the environment's own policy. Undefined when
 * the environment takes no images by automation. An annotation's `mode`
 * may only make it stricter: `pull-request` where app-config says `commit`;
 * `commit` where app-config says `pull-request` (or nothing) is not taken.
 *
 * @public
 */
export function imageAutomationOf(
  entity: Entity,
  env: SlipwayEnvironment,
): TargetImageAutomation | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const perEnvironment = `${SLIPWAY_ANNOTATIONS.imagePolicy}.${env.name}`;
  const [where, raw] =
    annotations[perEnvironment] !== undefined
      ? [`Annotation ${perEnvironment}`, annotations[perEnvironment]]
      : [
          `Annotation ${SLIPWAY_ANNOTATIONS.imagePolicy}`,
          env.imageAutomation
            ? annotations[SLIPWAY_ANNOTATIONS.imagePolicy]
            : undefined,
        ];
  const mode = env.imageAutomation?.mode ?? 'pull-request';
  if (raw === undefined) {
    return env.imageAutomation?.policy
      ? {
          policy: env.imageAutomation.policy,
          mode: env.imageAutomation.policy.mode ?? mode,
        }
      : undefined;
  }
  const parsed = parseImagePolicy(raw, where);
  // An annotation may ask for review where app-config commits, never the other way.
  return parsed.ok
    ? {
        policy: parsed.policy,
        mode: parsed.policy.mode === 'pull-request' ? 'pull-request' : mode,
      }
    : { error: parsed.message };
}
