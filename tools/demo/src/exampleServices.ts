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
    image: 'ghcr.io/slipway-demo/payments',
    version: '0.9.7',
    port: 9090,
  },
] as const;

/** In promotion order. */
export const DEMO_ENVIRONMENTS = ['staging', 'production'] as const;

export type ExampleService = (typeof EXAMPLE_SERVICES)[number];

/** Plain YAML manifests as a platform team would keep them in the config repo. */
export function serviceManifests(
  service: ExampleService,
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
          image: ${service.image}:${service.version}
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
