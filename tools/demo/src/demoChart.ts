import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  canaryManifest,
  DEMO_REGISTRY_HOST,
  serviceManifests,
} from './exampleServices';

const run = promisify(execFile);

/**
 * The demo's chart service: delivered from a Helm chart the demo publishes
 * to its own OCI registry, with a canary in staging (the chart's
 * `canary.enabled`).
 */
export const DEMO_CHART = {
  service: 'ledger',
  chart: 'ledger',
  version: '1.0.0',
  image: `${DEMO_REGISTRY_HOST}/slipway-demo/ledger`,
  imageTag: '1.0.0',
  oci: `oci://${DEMO_REGISTRY_HOST}/slipway-demo/charts/ledger`,
  port: 8080,
} as const;

/** The chart's files: the demo's Deployment and Service, and a Canary when enabled. */
export const DEMO_CHART_FILES: Record<string, string> = {
  'Chart.yaml': `apiVersion: v2
name: ${DEMO_CHART.chart}
description: The Slipway demo's chart service
version: ${DEMO_CHART.version}
`,
  'values.yaml': `image:
  repository: ${DEMO_CHART.image}
  tag: "${DEMO_CHART.imageTag}"
port: ${DEMO_CHART.port}
canary:
  enabled: false
`,
  // The plain YAML services' manifests, with the release's names and values in them.
  'templates/service.yaml': serviceManifests(
    {
      name: '{{ .Release.Name }}',
      image: '{{ .Values.image.repository }}',
      version: '{{ .Values.image.tag }}',
      port: '{{ .Values.port }}',
    },
    '{{ .Release.Namespace }}',
  ),
};

/**
 * Packages the chart and pushes it to the demo's registry (`helm push`,
 * plain HTTP), with helm's own empty home.
 */
export async function publishDemoChart(helm: string): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-demo-chart-'));
  try {
    const chartDir = path.join(work, DEMO_CHART.chart);
    const files = {
      ...DEMO_CHART_FILES,
      'templates/canary.yaml': `{{- if .Values.canary.enabled }}\n${chartCanary()}{{- end }}\n`,
    };
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(chartDir, file)), {
        recursive: true,
      });
      await fs.writeFile(path.join(chartDir, file), text);
    }
    const env = {
      ...process.env,
      HELM_CACHE_HOME: path.join(work, 'cache'),
      HELM_CONFIG_HOME: path.join(work, 'config'),
      HELM_DATA_HOME: path.join(work, 'data'),
    };
    await run(helm, ['package', chartDir, '-d', work], { env });
    await run(
      helm,
      [
        'push',
        path.join(work, `${DEMO_CHART.chart}-${DEMO_CHART.version}.tgz`),
        DEMO_CHART.oci.slice(0, DEMO_CHART.oci.lastIndexOf('/')),
        '--plain-http',
      ],
      { env },
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/**
 * The demo's Canary as a chart template: the release's name and namespace,
 * and the metric query's own `{{ … }}` placeholders kept from Helm.
 */
function chartCanary(): string {
  return canaryManifest(
    { name: '{{ .Release.Name }}', port: DEMO_CHART.port },
    '{{ .Release.Namespace }}',
  ).replace(/\{\{ (namespace|target) \}\}/g, '{{ "{{ $1 }}" }}');
}

/** An environment's release of the chart, in the config repository. */
export function demoChartRelease(environment: string): Record<string, string> {
  return {
    'slipway-chart.yaml': `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart:
  oci: ${DEMO_CHART.oci}
  version: ${DEMO_CHART.version}
release:
  name: ${DEMO_CHART.service}
  namespace: ${environment}
valuesFiles: [values.yaml]
`,
    'values.yaml':
      environment === 'staging'
        ? '# staging releases new versions as canaries\ncanary:\n  enabled: true\n'
        : '# production takes what staging released\n',
  };
}
