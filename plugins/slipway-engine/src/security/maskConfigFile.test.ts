import { maskConfigFile } from './maskConfigFile';

describe('maskConfigFile', () => {
  it('masks every Secret value and secretGenerator literal, keeps the rest as written', () => {
    const text = `# the web service
apiVersion: v1
kind: Secret
metadata: { name: web }
data:
  TOKEN: czNjcmV0
stringData:
  PASSWORD: hunter2
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-settings }
data:
  LEVEL: info # not a secret
`;
    const masked = maskConfigFile('clusters/staging/web/app.yaml', text)!;
    expect(masked).not.toMatch(/czNjcmV0|hunter2/);
    expect(masked).toContain('TOKEN: "***"');
    expect(masked).toContain('PASSWORD: "***"');
    expect(masked).toContain('LEVEL: info # not a secret');
    expect(masked).toContain('# the web service');

    const kustomization = maskConfigFile(
      'kustomization.yml',
      `resources: [app.yaml]
secretGenerator:
  - name: web
    literals: [API_KEY=abc123, other]
    envs: [web.env]
`,
    )!;
    expect(kustomization).not.toMatch(/abc123|other/);
    expect(kustomization).toContain('API_KEY=***');
    expect(kustomization).toContain('web.env');
  });

  it('masks a Secret among the items of a List', () => {
    const masked = maskConfigFile(
      'list.yaml',
      `apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a }, data: { A: plain } }
  - { apiVersion: v1, kind: Secret, metadata: { name: b }, data: { B: c2VjcmV0 } }
`,
    )!;
    expect(masked).not.toContain('c2VjcmV0');
    expect(masked).toContain('A: plain');
  });

  it("masks credential-like keys of a chart's values file and a release's inline values, and nothing else", () => {
    const values = maskConfigFile(
      'clusters/staging/web/values.yaml',
      `image:
  tag: 1.2.0 # the release
database:
  host: db.internal
  password: hunter2
sidecars:
  - name: proxy
    apiKey: abc123
`,
    )!;
    expect(values).not.toMatch(/hunter2|abc123/);
    expect(values).toContain('password: "***"');
    expect(values).toContain('apiKey: "***"');
    expect(values).toContain('tag: 1.2.0 # the release');
    expect(values).toContain('host: db.internal');

    const release = maskConfigFile(
      'clusters/staging/web/slipway-chart.yaml',
      `apiVersion: slipway.io/v1alpha1
kind: ChartRelease
chart: { path: ../../../charts/web }
release: { name: web }
values:
  auth: { clientSecret: s3cret }
`,
    )!;
    expect(release).not.toContain('s3cret');
    expect(release).toContain('path: ../../../charts/web');
    // A Kubernetes object's keys are its own: only Secrets are masked there.
    expect(
      maskConfigFile(
        'cm.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: { token: visible }\n',
      ),
    ).toContain('token: visible');
  });

  it('shows nothing of a file that is not YAML, or does not parse', () => {
    expect(maskConfigFile('web.env', 'API_KEY=abc123\n')).toBeUndefined();
    expect(maskConfigFile('id_rsa', '-----BEGIN')).toBeUndefined();
    expect(
      maskConfigFile('app.yaml', 'kind: Secret\ndata: {TOKEN: x\n'),
    ).toBeUndefined();
  });
});
