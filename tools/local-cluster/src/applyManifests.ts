import {
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  loadAllYaml,
} from '@kubernetes/client-node';

/**
 * Server-side applies every document of a multi-document YAML text, like
 * `kubectl apply --server-side`. Used to install CRDs and seed the demo.
 */
export async function applyManifests(
  kubeConfig: KubeConfig,
  yamlText: string,
  fieldManager: string,
): Promise<KubernetesObject[]> {
  const client = KubernetesObjectApi.makeApiClient(kubeConfig);
  const documents = (loadAllYaml(yamlText) as KubernetesObject[]).filter(
    Boolean,
  );
  const applied: KubernetesObject[] = [];
  for (const doc of documents) {
    applied.push(
      await client.patch(
        doc,
        undefined,
        undefined,
        fieldManager,
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
  }
  return applied;
}
