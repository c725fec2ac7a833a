import fs from 'node:fs';
import path from 'node:path';

/** Five objects, as a service's directory in a config repository would hold them. */
export function serviceManifests(service: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${service}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${service}-config
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout,search"
---
apiVersion: v1
kind: Service
metadata:
  name: ${service}
spec:
  selector: { app: ${service} }
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${service}
spec:
  replicas: 0
  selector:
    matchLabels: { app: ${service} }
  template:
    metadata:
      labels: { app: ${service} }
    spec:
      serviceAccountName: ${service}
      containers:
        - name: app
          image: registry.example.com/${service}:1.0.0
          ports:
            - containerPort: 8080
          envFrom:
            - configMapRef: { name: ${service}-config }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${service}
spec:
  rules:
    - host: ${service}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: { name: ${service}, port: { number: 80 } }
`;
}

export const serviceName = (i: number) => `svc-${String(i).padStart(4, '0')}`;

/** Writes N service directories under `root/clusters/<environment>/`. */
export function writeServices(
  root: string,
  environment: string,
  count: number,
) {
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'clusters', environment, serviceName(i));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'manifests.yaml'),
      serviceManifests(serviceName(i)),
    );
  }
}

/**
 * One chart rendering the same five objects for its release, and N
 * service directories, each a release of it (`slipway-chart.yaml`).
 */
export function writeChartServices(
  root: string,
  environment: string,
  count: number,
) {
  const chart = path.join(root, 'charts', 'bench');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(
    path.join(chart, 'Chart.yaml'),
    'apiVersion: v2\nname: bench\nversion: 1.0.0\n',
  );
  fs.writeFileSync(
    path.join(chart, 'templates', 'service.yaml'),
    serviceManifests('{{ .Release.Name }}'),
  );
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'clusters', environment, serviceName(i));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'slipway-chart.yaml'),
      `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart: { path: ../../../charts/bench }
release: { name: ${serviceName(i)} }
`,
    );
  }
}
