/**
 * The demo's own container registry (Debian's docker-registry): payments'
 * images live there, so that pushing a tag (npm run demo:push-image) is all
 * it takes for image automation to release it.
 */
export const DEMO_REGISTRY_HOST = `127.0.0.1:${
  process.env.SLIPWAY_DEMO_REGISTRY_PORT ?? '5050'
}`;

/** The example services the demo puts in its config repository and catalog. */
export const EXAMPLE_SERVICES = [
  {
    name: 'storefront',
    image: 'ghcr.io/slipway-demo/storefront',
    version: '1.4.2',
    port: 8080,
  },
  {
    name: 'checkout',
    image: 'ghcr.io/slipway-demo/checkout',
    version: '2.1.0',
    port: 8080,
  },
  {
    name: 'payments',
    image: `${DEMO_REGISTRY_HOST}/slipway-demo/payments`,
    version: '0.9.7',
    port: 9090,
  },
] as const;

/** In promotion order. */
export const DEMO_ENVIRONMENTS = ['staging', 'production'] as const;

export type ExampleService = (typeof EXAMPLE_SERVICES)[number];

/** The repository of a service's image in the demo's registry; undefined for images kept elsewhere. */
export function demoRegistryRepository(
  service: ExampleService,
): string | undefined {
  const prefix = `${DEMO_REGISTRY_HOST}/`;
  return service.image.startsWith(prefix)
    ? service.image.slice(prefix.length)
    : undefined;
}

/** Plain YAML manifests as a platform team would keep them in the config repo. */
export function serviceManifests(
  service: {
    name: string;
    image: string;
    version: string;
    port: number | string;
  },
  environment: string,
): string {
  const labels = `app.kubernetes.io/name: ${service.name}
    backstage.io/kubernetes-id: ${service.name}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${service.name}
  namespace: ${environment}
  labels:
    ${labels}
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${service.name}
  template:
    metadata:
      labels:
        ${labels.replace(/\n {4}/g, '\n        ')}
    spec:
      containers:
        - name: ${service.name}
          image: ${service.image}:${service.version} # slipway:image
          ports:
            - containerPort: ${service.port}
---
apiVersion: v1
kind: Service
metadata:
  name: ${service.name}
  namespace: ${environment}
  labels:
    ${labels}
spec:
  selector:
    app.kubernetes.io/name: ${service.name}
  ports:
    - name: http
      port: 80
      targetPort: ${service.port}
`;
}

/**
 * Services whose staging environment runs new versions as canaries (blue/
 * green on the kubernetes router, judged on the demo's Prometheus). The
 * demo's traffic makes any version whose tag contains `broken` fail.
 */
export const DEMO_CANARIES = [
  { environment: 'staging', service: 'checkout' },
  { environment: 'staging', service: 'payments' },
  // The chart service's Canary comes from its chart (canary.enabled in staging's values).
  { environment: 'staging', service: 'ledger' },
] as const;

/** The request success rate of a canary's pods over 20 s, as the demo's traffic reports it. */
const SUCCESS_RATE =
  'sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}",code!~"5.."}[20s])) / sum(increase(http_requests{namespace="{{ namespace }}",app="{{ target }}"}[20s])) * 100';

/**
 * The Gateway the demo's HTTPRoutes attach to. No gateway controller runs in
 * the demo: the weights the engine writes on the route are the release.
 */
export const DEMO_GATEWAY = 'demo-gateway';

export function canaryManifest(
  service: { name: string; port: number | string },
  environment: string,
): string {
  return `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata:
  name: ${service.name}
  namespace: ${environment}
spec:
  provider: gatewayapi
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${service.name}
  service:
    port: 80
    targetPort: ${service.port}
    gatewayRefs:
      - name: ${DEMO_GATEWAY}
  analysis:
    interval: 5s
    threshold: 2
    stepWeights: [10, 20, 30, 40, 50]
    metrics:
      - name: success-rate
        query: '${SUCCESS_RATE}'
        thresholdRange:
          min: 99
`;
}
