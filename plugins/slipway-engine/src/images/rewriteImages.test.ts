import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseImageReference, isImageReference } from './imageReference';
import { rewriteImages } from './rewriteImages';

async function dirWith(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rewrite-'));
  for (const [file, text] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe('image references', () => {
  it('splits registry ports from tags', () => {
    expect(parseImageReference('localhost:5000/web')).toEqual({
      name: 'localhost:5000/web',
    });
    expect(parseImageReference('ghcr.io/acme/web:1.2.3@sha256:abc')).toEqual({
      name: 'ghcr.io/acme/web',
      tag: '1.2.3',
      digest: 'sha256:abc',
    });
  });

  it('knows a well-formed reference', () => {
    expect(isImageReference('ghcr.io/acme/web:1.2.3')).toBe(true);
    expect(isImageReference('nginx')).toBe(true);
    expect(isImageReference('Ghcr.io/Acme/Web:1')).toBe(false);
    expect(isImageReference('web:')).toBe(false);
    expect(isImageReference('web:1 2')).toBe(false);
  });
});

describe('rewriteImages', () => {
  it("sets a plain manifest's image and keeps its comments and layout", async () => {
    const text = `# checkout in production
apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
spec:
  template:
    spec:
      containers:
        - name: app
          image: "ghcr.io/acme/checkout:2.1.0" # pinned by promotion
        - name: proxy
          image: envoyproxy/envoy:v1.30.0
`;
    const dir = await dirWith({ 'deploy.yaml': text });
    const result = await rewriteImages(dir, [
      parseImageReference('ghcr.io/acme/checkout:2.2.0'),
    ]);
    expect(result.changes).toEqual([
      {
        file: 'deploy.yaml',
        name: 'ghcr.io/acme/checkout',
        from: 'ghcr.io/acme/checkout:2.1.0',
        to: 'ghcr.io/acme/checkout:2.2.0',
      },
    ]);
    expect(result.files['deploy.yaml']).toBe(
      text.replace('checkout:2.1.0', 'checkout:2.2.0'),
    );
  });

  it('changes nothing when the image is already there', async () => {
    const dir = await dirWith({
      'deploy.yaml': 'spec:\n  containers:\n    - image: web:1.0.0\n',
    });
    expect(
      await rewriteImages(dir, [parseImageReference('web:1.0.0')]),
    ).toEqual({ files: {}, changes: [] });
  });

  it("edits an overlay's images entry, never the base", async () => {
    const dir = await dirWith({
      'kustomization.yaml': `# production overlay
resources:
  - ../../../base/checkout
namespace: production
images:
  - name: ghcr.io/acme/checkout
    newTag: 2.1.0 # set by promotion
`,
    });
    const result = await rewriteImages(dir, [
      parseImageReference('ghcr.io/acme/checkout:2.2.0'),
    ]);
    expect(result.changes[0]).toMatchObject({
      from: 'ghcr.io/acme/checkout:2.1.0',
      to: 'ghcr.io/acme/checkout:2.2.0',
    });
    expect(result.files['kustomization.yaml']).toContain(
      '# production overlay',
    );
    expect(result.files['kustomization.yaml']).toContain(
      'newTag: 2.2.0 # set by promotion',
    );
  });

  it('adds an images entry to an overlay that had none', async () => {
    const dir = await dirWith({
      'kustomization.yaml': 'resources:\n  - ../base\n',
    });
    const result = await rewriteImages(dir, [
      parseImageReference('web@sha256:0123'),
    ]);
    expect(result.files['kustomization.yaml']).toBe(
      'resources:\n  - ../base\nimages:\n  - name: web\n    digest: sha256:0123\n',
    );
    expect(result.changes[0].from).toBe('web (from the base)');
  });
});
