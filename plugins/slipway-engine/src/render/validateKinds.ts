import { ManifestIssue, SourcedManifest } from './manifest';

/**
 * Tells whether the cluster serves a kind, and whether it is namespaced.
 *
 * @public
 */
export type KindDescriber = (
  apiVersion: string,
  kind: string,
) => Promise<{ namespaced: boolean } | undefined>;

/**
 * Refuses kinds the cluster does not serve. CRDs in the same render count as
 * served, since they are applied first.
 *
 * @public
 */
export async function validateKinds(
  manifests: SourcedManifest[],
  describeKind: KindDescriber,
): Promise<ManifestIssue[]> {
  const definedHere = new Set(
    manifests
      .filter(m => m.object.kind === 'CustomResourceDefinition')
      .flatMap(m => {
        const spec = (m.object as any).spec ?? {};
        return (spec.versions ?? []).map(
          (v: { name: string }) =>
            `${spec.group}/${v.name}/${spec.names?.kind}`,
        );
      }),
  );
  const issues: ManifestIssue[] = [];
  for (const { object, file, line } of manifests) {
    const { apiVersion, kind } = object;
    if (definedHere.has(`${apiVersion}/${kind}`)) {
      continue;
    }
    if (!(await describeKind(apiVersion, kind))) {
      issues.push({
        file,
        line,
        field: 'kind',
        message: `${kind} in ${apiVersion} is not served by the cluster`,
      });
    }
  }
  return issues;
}
