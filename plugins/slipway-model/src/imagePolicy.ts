import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compileTagPattern, tagPatternProblem } from './tagPattern';

/**
 * Which tags of a container image an environment takes, and how its Git
 * change is made. Exactly one of `semver` and `regex` selects the tags.
 *
 * @public
 */
export type ImagePolicy = {
  /** The image repository, without tag: `registry.example.com/shop/checkout`. Default: the one image the environment runs. */
  image?: string;
  /** A semver range (`^1.4.0`, `>=1.0.0 <2`): the highest matching version wins; a leading `v` is allowed in tags. */
  semver?: string;
  /** A regular expression tags must match; the named group `version`, else the first group, else the whole tag is compared. */
  regex?: string;
  /** How regex matches are compared; the greatest wins. */
  order?: 'numerical' | 'alphabetical' | 'timestamp';
  /** Write `tag@sha256:…` instead of the tag alone. */
  pinDigest: boolean;
  /** A commit to the environment's branch, or a pull request (default: the environment's mode). */
  mode?: 'commit' | 'pull-request';
};

/**
 * Tags that name a different image over time: never written to Git.
 *
 * @public
 */
export const MUTABLE_TAGS = [
  'latest',
  'main',
  'master',
  'develop',
  'dev',
  'stable',
  'edge',
  'nightly',
  'head',
  'canary',
  'release',
];

const IMMUTABLE_HINT =
  'a tag that moves cannot be pinned in Git; select immutable tags such as 1.4.2 or main-3f2a1c9-1700000000';

/**
 * The image policy of a service (which tags image automation may take): `semver`, or `regex` with an `order`.
 *
 * @public
 */
export const imagePolicySchema = z
  .object({
    image: z
      .string()
      .min(1)
      .refine(
        image => !/@|:[^/]*$/.test(image),
        'must name the image repository without a tag or digest (the policy chooses the tag)',
      )
      .optional(),
    semver: z
      .string()
      .min(1)
      .refine(range => semver.validRange(range) !== null, {
        message: 'is not a semver range (for example ^1.4.0 or >=1.0.0 <2)',
      })
      .optional(),
    regex: z
      .string()
      .min(1)
      .superRefine((pattern, ctx) => {
        const problem = tagPatternProblem(pattern);
        if (problem) {
          ctx.addIssue({ code: 'custom', message: problem });
        }
      })
      .optional(),
    order: z.enum(['numerical', 'alphabetical', 'timestamp']).optional(),
    pinDigest: z.boolean().default(false),
    mode: z.enum(['commit', 'pull-request']).optional(),
  })
  .strict()
  .superRefine((policy, ctx) => {
    if (!!policy.semver === !!policy.regex) {
      ctx.addIssue({
        code: 'custom',
        message: 'must set exactly one of semver and regex',
      });
      return;
    }
    if (policy.order && !policy.regex) {
      ctx.addIssue({
        code: 'custom',
        path: ['order'],
        message: 'applies to regex policies only (semver orders by version)',
      });
    }
    if (policy.regex && !tagPatternProblem(policy.regex)) {
      const pattern = compileTagPattern(policy.regex);
      const mutable = MUTABLE_TAGS.filter(
        tag => pattern.versionOf(tag) !== undefined,
      );
      if (mutable.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['regex'],
          message: `accepts the mutable tag${
            mutable.length > 1 ? 's' : ''
          } ${mutable.join(', ')}: ${IMMUTABLE_HINT}`,
        });
      }
    }
  });

/**
 * A validated image policy, or the message saying what is wrong with it.
 *
 * @public
 */
export type ImagePolicyResult =
  | { ok: true; policy: ImagePolicy }
  | { ok: false; message: string };

/**
 * Validates a policy from app-config (an object) or an annotation (YAML
 * text, e.g. `semver: ^1.4.0` or `{ regex: '^main-(?<version>\d+)$', order: numerical }`).
 * Messages start with `where`, so they name the annotation or config key.
 *
 * @public
 */
export function parseImagePolicy(
  raw: unknown,
  where: string,
): ImagePolicyResult {
  let value = raw;
  if (typeof raw === 'string') {
    if (MUTABLE_TAGS.includes(raw.trim())) {
      return {
        ok: false,
        message: `${where} is "${raw.trim()}": ${IMMUTABLE_HINT}`,
      };
    }
    try {
      value = parseYaml(raw);
    } catch (error) {
      return {
        ok: false,
        message: `${where} is not YAML: ${(error as Error).message}`,
      };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: `${where} must be a mapping such as "semver: ^1.0.0" (got ${JSON.stringify(
        raw,
      )})`,
    };
  }
  const result = imagePolicySchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length > 0 ? ` ${issue.path.join('.')}` : '';
    const got =
      issue.path.length > 0
        ? ` (got ${JSON.stringify(
            issue.path.reduce<any>((v, key) => v?.[key], value),
          )})`
        : '';
    return { ok: false, message: `${where}${field} ${issue.message}${got}` };
  }
  return { ok: true, policy: result.data };
}

/**
 * The policy in a few words, for status lines and commit messages.
 *
 * @public
 */
export function describeImagePolicy(policy: ImagePolicy): string {
  const selection = policy.semver
    ? `semver ${policy.semver}`
    : `regex ${policy.regex} (${policy.order ?? 'alphabetical'})`;
  return policy.pinDigest ? `${selection}, pinned by digest` : selection;
}
