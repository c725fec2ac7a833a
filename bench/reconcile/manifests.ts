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
