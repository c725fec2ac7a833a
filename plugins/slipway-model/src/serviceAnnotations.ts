import { z } from 'zod';
import { SLIPWAY_ANNOTATIONS } from './annotations';

const dns1123Label = z
  .string()
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS-1123 label: lower-case letters, digits and "-"',
  );

const relativePath = z
  .string()
  .min(1)
  .refine(
    p => !p.startsWith('/') && !p.split('/').includes('..'),
    'must be a relative path inside the config repository, without ".."',
  );

/**
 * What a Component's slipway.io annotations say, once validated.
 *
 * @public
 */
export type SlipwayServiceAnnotations = {
  service: string;
  environments: string[];
  path?: string;
};

/**
 * An entity's Slipway annotations, or why they are missing or wrong.
 *
 * @public
 */
export type AnnotationResult =
  | { ok: true; value: SlipwayServiceAnnotations }
  | { ok: false; missing: true; message: string }
  | { ok: false; missing: false; message: string };

/**
 * Reads and validates the slipway.io annotations of an entity. Errors name
 * the annotation at fault, so the page can say exactly what to fix.
 *
 * @public
 */
export function parseServiceAnnotations(entity: {
  metadata: { name: string; annotations?: Record<string, string> };
}): AnnotationResult {
  const annotations = entity.metadata.annotations ?? {};
  const rawEnvironments = annotations[SLIPWAY_ANNOTATIONS.environments];
  if (rawEnvironments === undefined) {
    return {
      ok: false,
      missing: true,
      message: `Add the annotation ${SLIPWAY_ANNOTATIONS.environments} (for example "staging,production") to deliver this component with Slipway.`,
    };
  }
  const environments = rawEnvironments
    .split(',')
    .map(e => e.trim())
    .filter(Boolean);

  const checks: Array<[string, z.ZodTypeAny, unknown]> = [
    [
      SLIPWAY_ANNOTATIONS.environments,
      z.array(dns1123Label).min(1, 'must name at least one environment'),
      environments,
    ],
    [
      SLIPWAY_ANNOTATIONS.service,
      dns1123Label,
      annotations[SLIPWAY_ANNOTATIONS.service] ?? entity.metadata.name,
    ],
  ];
  if (annotations[SLIPWAY_ANNOTATIONS.path] !== undefined) {
    checks.push([
      SLIPWAY_ANNOTATIONS.path,
      relativePath,
      annotations[SLIPWAY_ANNOTATIONS.path],
    ]);
  }
  for (const [field, schema, value] of checks) {
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      return {
        ok: false,
        missing: false,
        message: `Annotation ${field} ${issue.message} (got ${JSON.stringify(
          value,
        )})`,
      };
    }
  }
  if (new Set(environments).size !== environments.length) {
    return {
      ok: false,
      missing: false,
      message: `Annotation ${SLIPWAY_ANNOTATIONS.environments} lists an environment twice (got "${rawEnvironments}")`,
    };
  }
  return {
    ok: true,
    value: {
      service: annotations[SLIPWAY_ANNOTATIONS.service] ?? entity.metadata.name,
      environments,
      path: annotations[SLIPWAY_ANNOTATIONS.path],
    },
  };
}
