import semver from 'semver';
import { z } from 'zod';

/**
 * In a service's directory, the file that makes it a Helm chart release:
 * the directory renders with `helm template`, not kustomize or plain YAML.
 *
 * @public
 */
export const CHART_RELEASE_FILE = 'slipway-chart.yaml';

/** A path inside the config repository: relative, no `..` beyond its root is checked where it is resolved. */
const relativePath = z
  .string()
  .min(1)
  .max(500)
  .refine(p => !p.startsWith('/'), 'must be relative to this directory')
  .refine(p => !p.includes('\0'), 'must be a path');

/** A chart version: exact (`1.4.2`) or a semver range (`^1.4.0`), the highest matching one wins. */
const chartVersion = z
  .string()
  .min(1)
  .max(100)
  .refine(
    v => semver.valid(v) !== null || semver.validRange(v) !== null,
    'must be a version (1.4.2) or a semver range (^1.4.0)',
  );

/** Helm's limit: a release name is a DNS label of at most 53 characters. */
const releaseName = z
  .string()
  .max(53)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS label: lower-case letters, digits and -',
  );

const pathChart = z.object({ path: relativePath }).strict();
const repositoryChart = z
  .object({
    repository: z
      .string()
      .url()
      .refine(
        u => /^https?:\/\//.test(u),
        'must be an http(s) chart repository (one serving index.yaml)',
      ),
    name: z.string().min(1).max(250),
    version: chartVersion,
  })
  .strict();
const ociChart = z
  .object({
    oci: z
      .string()
      .regex(
        /^oci:\/\/[^\s/]+\/\S+[^/]$/,
        'must be oci://<registry>/<repository>/<chart>',
      ),
    version: chartVersion,
  })
  .strict();
const chartSource = z.union([pathChart, repositoryChart, ociChart]);

/** The alternative a chart names by its key, for problems of that alternative alone. */
const chartSchemaOf = (chart: unknown) => {
  const keys = typeof chart === 'object' && chart ? Object.keys(chart) : [];
  if (keys.includes('oci')) return ociChart;
  if (keys.includes('repository')) return repositoryChart;
  if (keys.includes('path')) return pathChart;
  return undefined;
};

const problemsOf = (issues: z.ZodIssue[], prefix: string[] = []) =>
  issues.map(
    issue =>
      `${[...prefix, ...issue.path].join('.') || 'the file'}: ${issue.message}`,
  );

/** A dotted path into the values: `image.tag`, `web.image.repository`. */
const valuePath = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
    'must be a dotted path into the values, like image.tag',
  );

/**
 * Where the chart takes an image's repository and tag from its values.
 *
 * @public
 */
export type ChartImageValues = { repository: string; tag: string };

/**
 * The image value paths of a release that names none.
 *
 * @public
 */
export const DEFAULT_CHART_IMAGE_VALUES: ChartImageValues[] = [
  { repository: 'image.repository', tag: 'image.tag' },
];

/**
 * The release file's schema (see CHART_RELEASE_FILE).
 *
 * @public
 */
export const chartReleaseSchema = z
  .object({
    apiVersion: z.literal('slipway.io/v1alpha1'),
    kind: z.literal('ChartRelease'),
    /** Exactly one of: a chart in the config repository, in an HTTP chart repository, in an OCI registry. */
    chart: chartSource,
    release: z
      .object({
        name: releaseName,
        /** Default: the environment's namespace. */
        namespace: z.string().min(1).max(63).optional(),
      })
      .strict(),
    /** Values files relative to this directory, layered in order (`../base/values.yaml`, then `values.yaml`). */
    valuesFiles: z.array(relativePath).max(20).default([]),
    /** Values layered last. */
    values: z.record(z.unknown()).default({}),
    /** Where promotion and image automation write an image's tag (by its repository's value). */
    images: z
      .array(z.object({ repository: valuePath, tag: valuePath }).strict())
      .min(1)
      .max(20)
      .default(DEFAULT_CHART_IMAGE_VALUES),
  })
  .strict();

/**
 * A Helm chart release, as CHART_RELEASE_FILE declares it.
 *
 * @public
 */
export type ChartRelease = z.infer<typeof chartReleaseSchema>;

/**
 * The release a file declares, or every problem with it, each naming its
 * field (`chart.version: must be a version…`).
 *
 * @public
 */
export function parseChartRelease(
  raw: unknown,
): { release: ChartRelease } | { problems: string[] } {
  const result = chartReleaseSchema.safeParse(raw);
  if (result.success) {
    return { release: result.data };
  }
  const chart = (raw as { chart?: unknown } | null)?.chart;
  return {
    problems: result.error.issues.flatMap(issue => {
      if (issue.code !== 'invalid_union') {
        return problemsOf([issue]);
      }
      // A union names every alternative's problems: the one the chart's keys choose says more.
      const chosen = chartSchemaOf(chart)?.safeParse(chart);
      return chosen && !chosen.success
        ? problemsOf(chosen.error.issues, ['chart'])
        : [
            'chart: must be one of { path }, { repository, name, version } or { oci, version }',
          ];
    }),
  };
}
