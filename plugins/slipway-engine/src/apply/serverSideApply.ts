import { KubernetesObject } from '@kubernetes/client-node';
import {
  SLIPWAY_DESIRED_HASH_ANNOTATION,
  SLIPWAY_FIELD_MANAGER,
} from '@slipway/backstage-plugin-slipway-common';
import { createHash } from 'node:crypto';
import { fieldManagers } from '../drift/fieldManagers';
import { targetLabels } from '../labels';
import type { SourcedManifest } from '../render/manifest';
import { notFoundIsUndefined, onObject } from './apiErrorMessage';
import { applyOrder } from './applyOrder';
import { containsDesired } from './containsDesired';
import { comparable, diffObjects, FieldChange } from './diffObjects';
import type { ObjectClient } from './ObjectClient';

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
  /** The object as the API server last returned it, for health checks; undefined when skipped. */
  live?: KubernetesObject;
};

export const refOf = (o: KubernetesObject): ObjectRef => ({
  apiVersion: o.apiVersion!,
  kind: o.kind!,
  namespace: o.metadata?.namespace,
  name: o.metadata!.name!,
});

/**
 * Server-side applies a delivery target's objects with field manager
 * `slipway`, each labelled with its service and environment. A server-side
 * dry run gives the diff; objects whose dry run changes nothing are not
 * written, so a resync of an unchanged target makes no API writes. A live
 * object that still carries this Git state's hash and every field it sets
 * skips the dry run too: a resync then costs one read per object, or none
 * when a recent listing of its kind already shows it so.
 */
export async function serverSideApply(
  client: ObjectClient,
  manifests: SourcedManifest[],
  target: { service: string; environment: string; defaultNamespace: string },
  options: {
    dryRunOnly?: boolean;
    /**
     * Objects the caller knows are not in the cluster: no read, no dry run,
     * one write. Should one exist after all, the apply still takes it over.
     */
    assumeAbsent?: (ref: ObjectRef) => boolean;
    /**
     * The object as a recent listing shows it. When that still holds what
     * Git says, it is taken as unchanged without a read of its own.
     */
    /** Objects not to look at in this run: taken as unchanged, unread. */
    skip?: (ref: ObjectRef) => boolean;
    recentlyListed?: (
      desired: KubernetesObject,
    ) => Promise<KubernetesObject | undefined>;
  } = {},
): Promise<AppliedObject[]> {
  const results: AppliedObject[] = [];
  const desiredObjects: KubernetesObject[] = [];
  for (const { object } of applyOrder(manifests)) {
    const kind = await client.describeKind(object.apiVersion, object.kind);
    desiredObjects.push(withTargetMetadata(object, target, kind?.namespaced));
  }
  // The listings of all kinds at once: a resync waits for every one of them.
  const skipped = desiredObjects.map(d => options.skip?.(refOf(d)) ?? false);
  const listings = await Promise.all(
    desiredObjects.map((desired, index) =>
      skipped[index] ? undefined : options.recentlyListed?.(desired),
    ),
  );
  for (const [index, desired] of desiredObjects.entries()) {
    if (skipped[index]) {
      results.push({ ref: refOf(desired), action: 'unchanged', diff: [] });
      continue;
    }
    const listed = listings[index];
    if (listed && containsDesired(listed, desired)) {
      results.push({
        ref: refOf(listed),
        action: 'unchanged',
        diff: [],
        live: listed,
      });
      continue;
    }
    const live = options.assumeAbsent?.(refOf(desired))
      ? undefined
      : await onObject(desired, () =>
          client.read(desired as any).catch(notFoundIsUndefined),
        );
    if (live && containsDesired(live, desired)) {
      results.push({ ref: refOf(live), action: 'unchanged', diff: [], live });
      continue;
    }
    const apply = (dryRun?: boolean) =>
      onObject(desired, () =>
        client.apply(desired, SLIPWAY_FIELD_MANAGER, { dryRun }),
      );
    // A new object needs no dry run to know its diff: all of it is new.
    const planned = live ? await apply(true) : desired;
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
      results.push({ ref: refOf(live), action: 'unchanged', diff, live });
      continue;
    }
    if (options.dryRunOnly) {
      results.push({
        ref: refOf(planned),
        action: 'differs',
        diff,
        live: live ?? planned,
      });
      continue;
    }
    const applied = await apply();
    results.push({
      ref: refOf(applied),
      action: live ? 'configured' : 'created',
      diff,
      live: applied,
    });
  }
  return results;
}

function withTargetMetadata(
  object: SourcedManifest['object'],
  target: { service: string; environment: string; defaultNamespace: string },
  namespaced: boolean | undefined,
): KubernetesObject {
  const desired = {
    ...object,
    metadata: {
      ...object.metadata,
      ...(namespaced && {
        namespace: object.metadata.namespace ?? target.defaultNamespace,
      }),
      labels: { ...object.metadata.labels, ...targetLabels(target) },
    },
  };
  const hash = createHash('sha256')
    .update(JSON.stringify(desired))
    .digest('hex')
    .slice(0, 16);
  desired.metadata.annotations = {
    ...object.metadata.annotations,
    [SLIPWAY_DESIRED_HASH_ANNOTATION]: hash,
  };
  return desired;
}
