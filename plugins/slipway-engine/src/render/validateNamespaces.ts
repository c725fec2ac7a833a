import { ManifestIssue, SourcedManifest } from './manifest';

/**
 * Objects outside the namespaces a target may write are refused, and so is
 * a Namespace object not among them. An object without a namespace lands in
 * `defaultNamespace`. Which kinds are cluster-scoped is the caller's
 * knowledge (from API discovery).
 *
 * @public
 */
export function validateNamespaces(
  manifests: SourcedManifest[],
  options: {
    allowed: string[];
    defaultNamespace: string;
    isClusterScoped: (apiVersion: string, kind: string) => boolean;
  },
): ManifestIssue[] {
  const { allowed, defaultNamespace, isClusterScoped } = options;
  return manifests.flatMap(({ object, file, line }) => {
    if (isClusterScoped(object.apiVersion, object.kind)) {
      if (
        object.kind === 'Namespace' &&
        !allowed.includes(object.metadata.name)
      ) {
        return [
          {
            file,
            line,
            field: 'metadata.name',
            message: `namespace "${
              object.metadata.name
            }" is not one this environment allows (${allowed.join(', ')})`,
          },
        ];
      }
      return [];
    }
    const namespace = object.metadata.namespace ?? defaultNamespace;
    return allowed.includes(namespace)
      ? []
      : [
          {
            file,
            line,
            field: 'metadata.namespace',
            message: `"${namespace}" is not a namespace this environment allows (${allowed.join(
              ', ',
            )})`,
          },
        ];
  });
}
