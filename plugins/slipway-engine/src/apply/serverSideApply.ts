import { KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { SLIPWAY_FIELD_MANAGER } from '@slipway/backstage-plugin-slipway-common';
import { targetLabels } from '../labels';
import type { SourcedManifest } from '../render/manifest';
import { applyOrder } from './applyOrder';
import { comparable, diffObjects, FieldChange } from './diffObjects';
import type { ObjectClient } from './ObjectClient';
import { fieldManagers } from '../drift/fieldManagers';

export type ObjectRef = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
};

export type AppliedObject = {
  ref: ObjectRef;
  /** `differs`: a dry-run-only pass found changes and wrote nothing. */
  action: 'created' | 'configured' | 'unchanged' | 'differs';
  /** Live → desired, each field with the other field managers that own it. */
  diff: Array<FieldChange & { managers: string[] }>;
};

const refOf = (o: KubernetesObject): ObjectRef => ({
  apiVersion: o.apiVersion!,
  kind: o.kind!,
  namespace: o.metadata?.namespace,
  name: o.metadata!.name!,
});

/**
 * Server-side applies a delivery target's objects with field manager
 * `slipway`, each labelled with its service and environment. A server-side
 * dry run first gives the diff; objects whose dry run changes nothing are
 * not written, so a resync of an unchanged target makes no API writes.
 */
export async function serverSideApply(
  client: ObjectClient,
  manifests: SourcedManifest[],
  target: { service: string; environment: string; defaultNamespace: string },
  options: { dryRunOnly?: boolean } = {},
): Promise<AppliedObject[]> {
  const results: AppliedObject[] = [];
  for (const { object } of applyOrder(manifests)) {
    const kind = await client.describeKind(object.apiVersion, object.kind);
    const desired: KubernetesObject = {
      ...object,
      metadata: {
        ...object.metadata,
        ...(kind?.namespaced && {
          namespace: object.metadata.namespace ?? target.defaultNamespace,
        }),
        labels: { ...object.metadata.labels, ...targetLabels(target) },
      },
    };
    const live = await client
      .read(desired as any)
      .catch(error =>
        error?.code === 404 ? undefined : Promise.reject(error),
      );
    const apply = (dryRun?: 'All') =>
      client.patch(
        desired,
        undefined,
        dryRun,
        SLIPWAY_FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
    const planned = await apply('All');
    const diff = diffObjects(comparable(live), comparable(planned)).map(
      change => ({
        ...change,
        managers: fieldManagers(
          live?.metadata?.managedFields,
          change.path,
          SLIPWAY_FIELD_MANAGER,
        ),
      }),
    );
    if (live && diff.length === 0) {
      results.push({ ref: refOf(live), action: 'unchanged', diff });
      continue;
    }
    if (options.dryRunOnly) {
      results.push({ ref: refOf(planned), action: 'differs', diff });
      continue;
    }
    const applied = await apply();
    results.push({
      ref: refOf(applied),
      action: live ? 'configured' : 'created',
      diff,
    });
  }
  return results;
}
