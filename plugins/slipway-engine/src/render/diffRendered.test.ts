import { diffRendered } from './diffRendered';
import type { SourcedManifest } from './manifest';

const manifest = (object: Record<string, any>): SourcedManifest => ({
  object: object as SourcedManifest['object'],
  file: 'app.yaml',
  line: 1,
});
const deployment = (image: string, apiVersion = 'apps/v1') =>
  manifest({
    apiVersion,
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { spec: { containers: [{ name: 'web', image }] } } },
  });
const secret = (token: string) =>
  manifest({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-token' },
    stringData: { TOKEN: token },
  });
const settings = (url: string) =>
  manifest({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings' },
    data: { DATABASE_URL: url, LOG: 'info' },
  });

describe('diffRendered', () => {
  it('lists changed, added and removed objects field by field, masked values as hashes', () => {
    const changes = diffRendered(
      [deployment('web:1'), secret('old-token'), settings('postgres://a')],
      [deployment('web:2'), settings('postgres://b'), secret('new-token')],
      {
        rules: [{ kind: 'ConfigMap', fields: ['data.DATABASE_URL'] }],
        salt: 'salt',
      },
    );
    expect(changes.map(c => [c.ref.kind, c.change, c.fields.length])).toEqual([
      ['Deployment', 'changed', 1],
      ['ConfigMap', 'changed', 1],
      ['Secret', 'changed', 1],
    ]);
    expect(changes[0].fields).toEqual([
      {
        path: 'spec.template.spec.containers[0].image',
        before: 'web:1',
        after: 'web:2',
      },
    ]);
    const text = JSON.stringify(changes);
    for (const secretValue of ['old-token', 'new-token', 'postgres://']) {
      expect(text).not.toContain(secretValue);
    }
    expect(changes[2].fields[0]).toEqual({
      path: 'stringData.TOKEN',
      before: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
      after: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
    });
  });

  it('says nothing of an unchanged object, compares across API versions, and masks whole added and removed objects', () => {
    const changes = diffRendered(
      [deployment('web:1', 'apps/v1beta2'), secret('gone')],
      [deployment('web:1'), settings('postgres://new')],
      {},
    );
    expect(changes.map(c => [c.ref.kind, c.change])).toEqual([
      ['Deployment', 'changed'],
      ['ConfigMap', 'added'],
      ['Secret', 'removed'],
    ]);
    expect(changes[0].fields).toEqual([
      { path: 'apiVersion', before: 'apps/v1beta2', after: 'apps/v1' },
    ]);
    expect(changes[2].fields[0].before).toMatchObject({
      stringData: { TOKEN: expect.stringMatching(/^\(masked/) },
    });
    expect(
      diffRendered([deployment('web:1')], [deployment('web:1')], {}),
    ).toEqual([]);
  });
});
