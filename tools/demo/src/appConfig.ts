import fs from 'node:fs/promises';
import path from 'node:path';
import { CATALOG_DIR, servicePath } from './configRepo';
import { DEMO_ENVIRONMENTS, DEMO_REGISTRY_HOST } from './exampleServices';

/** How often the demo's services are reconciled without a push. */
export const DEMO_INTERVAL_SECONDS = 10;

/**
 * The app-config overlay the demo passes to Backstage: the local cluster in
 * the kubernetes plugin's own cluster list with its read-only identity, the
 * engine's own identity for that cluster, and the Slipway environments.
 */
export async function writeDemoAppConfig(options: {
  file: string;
  server: string;
  caCertFile: string;
  /** The engine's own ServiceAccount token (slipway.clusters). */
  engineToken: string;
  /** The kubernetes plugin's read-only token (deploy/kubernetes-plugin). */
  kubernetesPluginToken: string;
  configRepo: string;
  webhookSecret: string;
  engineDir: string;
  prometheusUrl: string;
  kustomize?: string;
  helm?: string;
  /** app-config.yaml's catalog locations: the overlay's list replaces them, so it repeats them. */
  baseLocations?: object[];
}) {
  const caData = (await fs.readFile(options.caCertFile)).toString('base64');
  const environments = DEMO_ENVIRONMENTS.map(
    name => `    - name: ${name}
      cluster: local
      repository: ${JSON.stringify(`file://${options.configRepo}`)}
      branch: main
      path: ${JSON.stringify(servicePath('{environment}', '{service}'))}
      namespaces: [${name}]
      interval: ${DEMO_INTERVAL_SECONDS}
      # The cluster's services, and webhook receivers on this machine.
      canaryWebhooks: { allowedHosts: ['*.svc', '*.svc.cluster.local', 127.0.0.1, localhost] }
      promotion: { mode: commit }${
        name === DEMO_ENVIRONMENTS[0]
          ? '\n      imageAutomation: { mode: commit }'
          : ''
      }`,
  ).join('\n');
  // Services made by the GitOps service template are catalogued from the config repository.
  const locations = [
    ...(options.baseLocations ?? []),
    {
      type: 'file',
      target: path.join(options.configRepo, CATALOG_DIR, '*.yaml'),
      rules: [{ allow: ['Component'] }],
    },
  ];
  const text = `# Written by the Slipway demo; regenerated on every start.
# One port for the API and the built app, as a production Backstage serves them.
app:
  baseUrl: http://localhost:3000
backend:
  baseUrl: http://localhost:3000
  listen:
    port: 3000
  cors:
    origin: http://localhost:3000
  # Slipway's lines and everyone's warnings, not every HTTP request.
  logger:
    level: warn
    overrides:
      - matchers: { plugin: slipway }
        level: info

catalog:
  # Merged proposals of the template show up within seconds.
  processingInterval: { seconds: 5 }
  locations: ${JSON.stringify(locations)}

kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: local
          url: ${options.server}
          authProvider: serviceAccount
          # Read-only, no Secrets: the Kubernetes tab's identity, not the engine's.
          serviceAccountToken: ${JSON.stringify(options.kubernetesPluginToken)}
          caData: ${caData}
          # No metrics-server in the local cluster.
          skipMetricsLookup: true

slipway:
  # The engine's own identity; the URL and CA come from the kubernetes plugin's entry.
  clusters:
    - name: local
      authProvider: serviceAccount
      serviceAccountToken: ${JSON.stringify(options.engineToken)}
  environments:
${environments}
  # Catalog changes (a merged template, a new claim) reach Slipway within seconds.
  catalogRefreshSeconds: 5
  reconcile:
    workDir: ${JSON.stringify(options.engineDir)}
${
  options.kustomize
    ? `    kustomizePath: ${JSON.stringify(options.kustomize)}\n`
    : ''
}${
    options.helm ? `    helmPath: ${JSON.stringify(options.helm)}\n` : ''
  }  webhooks:
    github:
      secret: ${JSON.stringify(options.webhookSecret)}
  canary:
    prometheus:
      url: ${JSON.stringify(options.prometheusUrl)}
  # Staging takes new images of services with a slipway.io/image-policy (payments).
  imageAutomation:
    interval: 3
    registries:
      - host: ${JSON.stringify(DEMO_REGISTRY_HOST)}
        insecure: true
`;
  await fs.writeFile(options.file, text, { mode: 0o600 });
}
