import { applyOrder } from './applyOrder';

const item = (kind: string, name: string) => ({
  object: { apiVersion: 'v1', kind, metadata: { name } },
});

describe('applyOrder', () => {
  it('puts CRDs first, then Namespaces, keeping Git order otherwise', () => {
    const ordered = applyOrder([
      item('Deployment', 'web'),
      item('Namespace', 'shop'),
      item('Service', 'web'),
      item('CustomResourceDefinition', 'canaries.slipway.io'),
      item('ConfigMap', 'web'),
    ]);
    expect(ordered.map(i => i.object.kind)).toEqual([
      'CustomResourceDefinition',
      'Namespace',
      'Deployment',
      'Service',
      'ConfigMap',
    ]);
  });
});
