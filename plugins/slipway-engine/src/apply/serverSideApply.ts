import { KubernetesObject } from '@kubernetes/client-node';
import {
  SLIPWAY_DESIRED_HASH_ANNOTATION,
  SLIPWAY_ENTITY_ANNOTATION,
  SLIPWAY_FIELD_MANAGER,
} from '@slipway/model';
import { createHash } from 'node:crypto';
import { fieldManagers } from '../drift/fieldManagers';
import { targetLabels } from '../labels';
import type { SourcedManifest } from '../render/manifest';
import { notFoundIsUndefined, onObject } from './apiErrorMessage';
import { applyOrder } from './applyOrder';
import { containsDesired } from './containsDesired';
import { comparable, diffObjects, FieldChange } from './diffObjects';
import {
  foreignOwner,
  OwnedElsewhereError,
  OwnershipTarget,
} from './ownership';
import type { ObjectClient } from './ObjectClient';
import { maskChanges, Masking } from '../security/maskValues';

/**
 * Which object: apiVersion, kind, name and (for a namespaced kind) namespace.
 *
 * @public
 */
export type ObjectRef = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
};

/**
 * An object as the API server returned it from a server-side apply.
 *
 * @public
 */
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

/** What was known of one desired object before anything was written. */
type Seen =
  | { skipped: true }
  | { skipped?: false; listed: KubernetesObject }
  | { skipped?: false; listed?: undefined; live?: KubernetesObject };

/**
 * Server-side applies a delivery target's objects with field manager
 * `slipway`, each labelled with its service and environment. Every object
 * is looked at before any is written, and none is written if one of them
 * belongs to another target or another tool (OwnedElsewhereError). A
 * server-side dry run gives the diff; objects whose dry run changes nothing
 * are not written, so a resync of an unchanged target makes no API writes.
 * A live object that still carries this Git state's hash and every field it
 * sets skips the dry run too: a resync then costs one read per object, or
 * none when a recent listing of its kind already shows it so.
 *
 * @public
 */
export async function serverSideApply(
  client: ObjectClient,
  manifests: SourcedManifest[],
  target: OwnershipTarget & { defaultNamespace: string },
  options: {
    dryRunOnly?: boolean;
    /**
     * Objects the caller knows are not in the cluster: no read, no dry run,
     * one write. The caller must know it from a listing that would show
     * anyone else's object of that name.
     */
    assumeAbsent?: (desired: KubernetesObject) => Promise<boolean>;
    /** Objects not to look at in this run: taken as unchanged, unread. */
    skip?: (ref: ObjectRef) => boolean;
    /**
     * The object as a recent listing shows it. When that still holds what
     * Git says, it is taken as unchanged without a read of its own.
     */
    recentlyListed?: (
      desired: KubernetesObject,
    ) => Promise<KubernetesObject | undefined>;
    /** Fields whose values no diff may carry; Secret data is masked always. */
    masking?: Masking;
    /**
     * Objects whose changes are made by deleting and creating them again
     * (a hook Job: its pod template cannot change in place).
     */
    recreateChanged?: (desired: KubernetesObject) => boolean;
  } = {},
): Promise<AppliedObject[]> {
  const desiredObjects: KubernetesObject[] = [];
  for (const { object } of applyOrder(manifests)) {
    const kind = await client.describeKind(object.apiVersion, object.kind);
    desiredObjects.push(withTargetMetadata(object, target, kind?.namespaced));
  }
  const seen = await seeAll(client, desiredObjects, options);
  refuseForeign(desiredObjects, seen, target);
  const results: AppliedObject[] = [];
  for (const [index, desired] of desiredObjects.entries()) {
    results.push(await applyOne(client, desired, seen[index], options));
  }
  return results;
}

/** Looks at every desired object: skipped, listed as Git has it, read, or known to be absent. */
async function seeAll(
  client: ObjectClient,
  desiredObjects: KubernetesObject[],
  options: Parameters<typeof serverSideApply>[3],
): Promise<Seen[]> {
  const skipped = desiredObjects.map(d => options?.skip?.(refOf(d)) ?? false);
  // The listings of all kinds at once: a resync waits for every one of them.
  const listings = await Promise.all(
    desiredObjects.map((desired, index) =>
      skipped[index] ? undefined : options?.recentlyListed?.(desired),
    ),
  );
  const seen: Seen[] = [];
  for (const [index, desired] of desiredObjects.entries()) {
    const listed = listings[index];
    if (skipped[index]) {
      seen.push({ skipped: true });
    } else if (listed && containsDesired(listed, desired)) {
      seen.push({ listed });
    } else if (await options?.assumeAbsent?.(desired)) {
      seen.push({});
    } else {
      seen.push({
        live: await onObject(desired, () =>
          client.read(desired as any).catch(notFoundIsUndefined),
        ),
      });
    }
  }
  return seen;
}

function refuseForeign(
  desiredObjects: KubernetesObject[],
  seen: Seen[],
  target: OwnershipTarget,
) {
  const foreign = desiredObjects.flatMap((desired, index) => {
    const s = seen[index];
    const live = !s.skipped && !s.listed ? s.live : undefined;
    const owner = live && foreignOwner(live, target);
    return owner ? [{ ...refOf(desired), owner }] : [];
  });
  if (foreign.length > 0) {
    throw new OwnedElsewhereError(foreign);
  }
}

async function applyOne(
  client: ObjectClient,
  desired: KubernetesObject,
  seen: Seen,
  options: Parameters<typeof serverSideApply>[3],
): Promise<AppliedObject> {
  if (seen.skipped) {
    return { ref: refOf(desired), action: 'unchanged', diff: [] };
  }
  if (seen.listed) {
    const live = seen.listed;
    return { ref: refOf(live), action: 'unchanged', diff: [], live };
  }
  const { live } = seen;
  if (live && containsDesired(live, desired)) {
    return { ref: refOf(live), action: 'unchanged', diff: [], live };
  }
  const apply = (dryRun?: boolean) =>
    onObject(desired, () =>
      client.apply(desired, SLIPWAY_FIELD_MANAGER, { dryRun }),
    );
  if (live && options?.recreateChanged?.(desired)) {
    return recreate(client, desired, live, options);
  }
  // A new object needs no dry run to know its diff: all of it is new.
  const planned = live ? await apply(true) : desired;
  const diff = maskChanges(
    desired as { apiVersion: string; kind: string },
    diffObjects(comparable(live), comparable(planned)),
    options?.masking ?? {},
  ).map(change => ({
    ...change,
    managers: fieldManagers(
      live?.metadata?.managedFields,
      change.path,
      SLIPWAY_FIELD_MANAGER,
    ),
  }));
  if (live && diff.length === 0) {
    return { ref: refOf(live), action: 'unchanged', diff, live };
  }
  if (options?.dryRunOnly) {
    return {
      ref: refOf(planned),
      action: 'differs',
      diff,
      live: live ?? planned,
    };
  }
  const applied = await apply();
  return {
    ref: refOf(applied),
    action: live ? 'configured' : 'created',
    diff,
    live: applied,
  };
}

/** A changed object that cannot change in place: deleted, awaited gone, created anew. */
async function recreate(
  client: ObjectClient,
  desired: KubernetesObject,
  live: KubernetesObject,
  options: Parameters<typeof serverSideApply>[3],
): Promise<AppliedObject> {
  const diff = maskChanges(
    desired as { apiVersion: string; kind: string },
    diffObjects(comparable(live), comparable(desired)),
    options?.masking ?? {},
  ).map(change => ({ ...change, managers: [] as string[] }));
  if (options?.dryRunOnly) {
    return { ref: refOf(live), action: 'differs', diff, live };
  }
  await onObject(desired, () => client.delete(live));
  for (let i = 0; i < 120; i++) {
    if (!(await client.read(live as any).catch(notFoundIsUndefined))) {
      break;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const created = await onObject(desired, () =>
    client.apply(desired, SLIPWAY_FIELD_MANAGER),
  );
  return { ref: refOf(created), action: 'configured', diff, live: created };
}

function withTargetMetadata(
  object: SourcedManifest['object'],
  target: OwnershipTarget & { defaultNamespace: string },
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
      ...(target.entity && {
        annotations: {
          ...object.metadata.annotations,
          [SLIPWAY_ENTITY_ANNOTATION]: target.entity,
        },
      }),
    },
  };
  const hash = createHash('sha256')
    .update(JSON.stringify(desired))
    .digest('hex')
    .slice(0, 16);
  desired.metadata.annotations = {
    ...desired.metadata.annotations,
    [SLIPWAY_DESIRED_HASH_ANNOTATION]: hash,
  };
  return desired;
}
