import path from 'node:path';
import { parseImageReference } from '@slipway/engine';
import { CHART_RELEASE_FILE } from '@slipway/model';
import { NewServiceOptions, toYaml } from './newServiceOptions';
import { serviceObjects } from './serviceObjects';

/**
 * Helm expressions stand in the objects as plain tokens, so the YAML
 * serialiser leaves them unquoted; each is replaced after serialising.
 * `toJson` writes a value as a YAML flow value: whatever an environment's
 * values hold, it cannot leave its field.
 */
const HELM_EXPRESSIONS = {
  __SLIPWAY_NAMESPACE__: '{{ .Release.Namespace }}',
  __SLIPWAY_IMAGE__:
    '{{ printf "%s:%s" .Values.image.repository (toString .Values.image.tag) | quote }}',
  __SLIPWAY_WEBHOOKS__: '{{ toJson (.Values.canary.webhooks | default list) }}',
};

const chartTemplate = (object: object) =>
  Object.entries(HELM_EXPRESSIONS).reduce(
    (text, [token, expression]) => text.replaceAll(token, expression),
    toYaml(object),
  );

/**
 * A new service as a Helm chart in the config repository and, per
 * environment, a release of it (`slipway-chart.yaml`) with the
 * environment's own values file, where promotion and image automation
 * write the image tag.
 */
export function helmChartLayout(
  options: NewServiceOptions & { chartPath: string },
): Record<string, string> {
  const { name, chartPath } = options;
  const image = parseImageReference(options.image);
  const tag = image.tag!;
  const files: Record<string, string> = {};
  const chartFile = (file: string, text: string) => {
    files[path.posix.join(chartPath, file)] = text;
  };

  chartFile(
    'Chart.yaml',
    toYaml({
      apiVersion: 'v2',
      name,
      description: `${name}, delivered by Slipway`,
      type: 'application',
      version: '0.1.0',
      appVersion: tag,
    }),
  );
  chartFile(
    'values.yaml',
    `# What every environment starts from; each environment's values.yaml overrides it.
${toYaml({ image: { repository: image.name, tag } })}${
      options.canary
        ? `canary:
  # Checks each canary step calls (the Canary's spec.analysis.webhooks), per environment.
  webhooks: []
`
        : ''
    }`,
  );
  const objects = serviceObjects(options, {
    image: '__SLIPWAY_IMAGE__',
    namespace: '__SLIPWAY_NAMESPACE__',
    webhooks: '__SLIPWAY_WEBHOOKS__',
  });
  for (const [file, object] of Object.entries(objects)) {
    chartFile(path.posix.join('templates', file), chartTemplate(object));
  }

  for (const env of options.environments) {
    files[path.posix.join(env.path, CHART_RELEASE_FILE)] = toYaml({
      apiVersion: 'slipway.io/v1alpha1',
      kind: 'ChartRelease',
      chart: { path: path.posix.relative(env.path, chartPath) },
      release: { name, namespace: env.namespace },
      valuesFiles: ['values.yaml'],
    });
    files[path.posix.join(env.path, 'values.yaml')] = `# ${name} in ${
      env.name
    }: layered over ${path.posix.relative(env.path, chartPath)}/values.yaml
${toYaml({ image: { tag } })}`;
  }
  return files;
}
