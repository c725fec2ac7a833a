import { SourcedManifest } from './manifest';
import { validateNamespaces } from './validateNamespaces';

const manifest = (
  kind: string,
  name: string,
  namespace?: string,
): SourcedManifest => ({
  object: { apiVersion: 'v1', kind, metadata: { name, namespace } },
  file: `${name}.yaml`,
  line: 1,
});

const isClusterScoped = (_: string, kind: string) =>
  ['Namespace', 'ClusterRole'].includes(kind);

describe('validateNamespaces', () => {
  it('allows the environment namespaces and cluster-scoped kinds', () => {
    expect(
      validateNamespaces(
        [
          manifest('Service', 'a', 'shop'),
          manifest('ConfigMap', 'b'),
          manifest('ClusterRole', 'c'),
          manifest('Namespace', 'shop'),
        ],
        { allowed: ['shop'], defaultNamespace: 'shop', isClusterScoped },
      ),
    ).toEqual([]);
  });

  it('names each object outside them', () => {
    expect(
      validateNamespaces(
        [
          manifest('Service', 'a', 'kube-system'),
          manifest('ConfigMap', 'b'),
          manifest('Namespace', 'other'),
        ],
        { allowed: ['shop'], defaultNamespace: 'default', isClusterScoped },
      ),
    ).toEqual([
      {
        file: 'a.yaml',
        line: 1,
        field: 'metadata.namespace',
        message:
          '"kube-system" is not a namespace this environment allows (shop)',
      },
      {
        file: 'b.yaml',
        line: 1,
        field: 'metadata.namespace',
        message: '"default" is not a namespace this environment allows (shop)',
      },
      {
        file: 'other.yaml',
        line: 1,
        field: 'metadata.name',
        message: 'namespace "other" is not one this environment allows (shop)',
      },
    ]);
  });

  it('allows nothing outside the list, whatever the default namespace', () => {
    expect(
      validateNamespaces([manifest('Service', 'a')], {
        allowed: ['shop'],
        defaultNamespace: 'default',
        isClusterScoped,
      }),
    ).toEqual([expect.objectContaining({ field: 'metadata.namespace' })]);
  });
});
