import type { ObjectClient } from '../apply/ObjectClient';
import { CanaryResource, workloadNames } from '../canary/canaryResource';
import { readService } from '../canary/canaryServices';
import type { SourcedManifest } from '../render/manifest';

/** A Canary with the fields its apex is named from; the API server checks the rest on apply. */
const isCanary = (m: SourcedManifest) => {
  const spec = m.object.spec as Partial<CanaryResource['spec']> | undefined;
  return (
    m.object.kind === 'Canary' &&
    String(m.object.apiVersion).startsWith('slipway.io/') &&
    spec?.targetRef !== undefined &&
    spec?.service !== undefined
  );
};

/**
 * A Canary's apex Service (the one clients call) may live in Git, but its
 * selector belongs to the canary engine once the Canary has run: it points
 * at the primary's pods, or during a blue/green switch at the canary's.
 * Desired keeps the live selector of such a Service, so the reconciler
 * neither takes traffic back to the Git Deployment's pods nor reports the
 * engine's change as drift every interval. A Service that does not exist
 * yet is created with Git's selector; the engine takes it over when the
 * Canary initialises.
 */
export async function keepCanaryApexSelectors(
  client: ObjectClient,
  manifests: SourcedManifest[],
  defaultNamespace: string,
): Promise<SourcedManifest[]> {
  const namespaceOf = (m: SourcedManifest) =>
    m.object.metadata?.namespace ?? defaultNamespace;
  const apexes = new Set(
    manifests
      .filter(isCanary)
      .map(
        m =>
          `${namespaceOf(m)}/${
            workloadNames(m.object as unknown as CanaryResource).apex
          }`,
      ),
  );
  if (apexes.size === 0) {
    return manifests;
  }
  return Promise.all(
    manifests.map(async manifest => {
      const { object } = manifest;
      const key = `${namespaceOf(manifest)}/${object.metadata?.name}`;
      if (
        object.kind !== 'Service' ||
        object.apiVersion !== 'v1' ||
        !apexes.has(key)
      ) {
        return manifest;
      }
      const live = await readService(
        client,
        namespaceOf(manifest),
        object.metadata.name,
      );
      const selector = live?.spec?.selector;
      if (!selector) {
        return manifest;
      }
      return {
        ...manifest,
        object: {
          ...object,
          spec: { ...(object.spec as object), selector },
        },
      };
    }),
  );
}
