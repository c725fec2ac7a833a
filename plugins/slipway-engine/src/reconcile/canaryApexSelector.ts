import type { ObjectClient } from '../apply/ObjectClient';
import { readObject } from '../apply/readObject';
import type { SourcedManifest } from '../render/manifest';

type ServiceObject = { spec?: { selector?: Record<string, string> } };

const isCanary = (m: SourcedManifest) =>
  m.object.kind === 'Canary' &&
  String(m.object.apiVersion).startsWith('slipway.io/');

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
    manifests.filter(isCanary).map(m => {
      const spec = m.object.spec as
        | { service?: { name?: string }; targetRef?: { name?: string } }
        | undefined;
      return `${namespaceOf(m)}/${
        spec?.service?.name ?? spec?.targetRef?.name
      }`;
    }),
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
      const live = await readObject<ServiceObject & { kind: string }>(
        client,
        'v1',
        'Service',
        namespaceOf(manifest),
        object.metadata!.name!,
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
