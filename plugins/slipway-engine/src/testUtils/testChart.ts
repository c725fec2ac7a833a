import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A small chart: a Deployment of `image.repository:image.tag`, a ConfigMap of the cluster's version, one optional Service. */
export const TEST_CHART: Record<string, string> = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'charts/web/values.yaml':
    'image: { repository: registry.example.com/web, tag: "1.0.0" }\nreplicas: 1\nservice: { enabled: false }\nlogLevel: info\n',
  'charts/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: { app.kubernetes.io/instance: {{ .Release.Name | quote }} }
spec:
  replicas: {{ .Values.replicas }}
  selector: { matchLabels: { app: {{ .Release.Name }} } }
  template:
    metadata: { labels: { app: {{ .Release.Name }} } }
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`,
  'charts/web/templates/settings.yaml': `apiVersion: v1
kind: ConfigMap
metadata: { name: {{ .Release.Name }}-settings }
data:
  LOG_LEVEL: {{ .Values.logLevel | quote }}
  KUBE_VERSION: {{ .Capabilities.KubeVersion.Version | quote }}
  HAS_APPS_V1: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
`,
  'charts/web/templates/service.yaml': `{{- if .Values.service.enabled }}
apiVersion: v1
kind: Service
metadata: { name: {{ .Release.Name }} }
spec:
  selector: { app: {{ .Release.Name }} }
  ports: [{ port: 80 }]
{{- end }}
`,
};

/**
 * TEST_CHART packaged at a version whose image tag is that version, into
 * dir; the archive's path.
 */
export function packageTestChart(
  helm: string,
  work: string,
  dir: string,
  version: string,
): string {
  const chartDir = path.join(work, `chart-${version}`);
  for (const [file, content] of Object.entries(TEST_CHART)) {
    const to = path.join(chartDir, file.replace('charts/web/', ''));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, content);
  }
  fs.writeFileSync(
    path.join(chartDir, 'Chart.yaml'),
    `apiVersion: v2\nname: web\nversion: ${version}\n`,
  );
  fs.writeFileSync(
    path.join(chartDir, 'values.yaml'),
    `image: { repository: registry.example.com/web, tag: "${version}" }\nreplicas: 1\nservice: { enabled: false }\nlogLevel: info\n`,
  );
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(helm, ['package', chartDir, '-d', dir], {
    env: { ...process.env, HELM_CACHE_HOME: path.join(work, 'helm-home') },
  });
  return path.join(dir, `web-${version}.tgz`);
}

/**
 * The archives of dir served as an HTTP chart repository (`helm repo
 * index`) at `<url>`, with basic auth when credentials are given; every
 * request is logged as `<path> <authorized>`.
 */
export async function serveChartRepository(
  helm: string,
  work: string,
  dir: string,
  credentials?: { username: string; password: string },
) {
  execFileSync(helm, ['repo', 'index', dir], {
    env: { ...process.env, HELM_CACHE_HOME: path.join(work, 'helm-home') },
  });
  const expected =
    credentials &&
    `Basic ${Buffer.from(
      `${credentials.username}:${credentials.password}`,
    ).toString('base64')}`;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const authorized = req.headers.authorization === expected;
    requests.push(`${req.url} ${authorized}`);
    if (expected && !authorized) {
      res.writeHead(401).end();
      return;
    }
    const file = path.join(dir, path.basename(req.url!));
    if (fs.existsSync(file)) {
      res.end(fs.readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/stable`;
  return { url, requests, server };
}
