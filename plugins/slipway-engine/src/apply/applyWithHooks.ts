import type { KubernetesObject } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { SourcedManifest } from '../render/manifest';
import type { ObjectClient } from './ObjectClient';
import { notFoundIsUndefined } from './apiErrorMessage';
import { type AppliedObject, serverSideApply } from './serverSideApply';

type Target = Parameters<typeof serverSideApply>[2];
type Options = NonNullable<Parameters<typeof serverSideApply>[3]>;

/**
 * A chart's hook that did not finish: nothing after it was applied.
 *
 * @public
 */
export class HookFailedError extends Error {}

const FIRST = ['CustomResourceDefinition', 'Namespace'];

type Condition = { type: string; status: string; message?: string };

const isJob = (o: KubernetesObject) =>
  o.kind === 'Job' && (o.apiVersion ?? '').startsWith('batch/');

const keyOf = (m: SourcedManifest, namespace: string) =>
  `${m.object.kind}/${m.object.metadata.namespace ?? namespace}/${
    m.object.metadata.name
  }`;
const hashOf = (m: SourcedManifest) =>
  createHash('sha256').update(JSON.stringify(m.object)).digest('hex');

const isComplete = (job: KubernetesObject | undefined) =>
  (
    job as { status?: { conditions?: Condition[] } } | undefined
  )?.status?.conditions?.some(
    c => c.type === 'Complete' && c.status === 'True',
  );

/** Hooks of one phase, lightest weight first, in groups of equal weight. */
function byWeight(hooks: SourcedManifest[]): SourcedManifest[][] {
  const weights = [...new Set(hooks.map(h => h.hook!.weight))].sort(
    (a, b) => a - b,
  );
  return weights.map(w => hooks.filter(h => h.hook!.weight === w));
}

/** Until each Job among the applied is Complete; a Failed one, or one past the deadline, fails the run. */
async function awaitJobs(
  client: ObjectClient,
  applied: AppliedObject[],
  deadlineMs: number,
) {
  const started = Date.now();
  for (const { live } of applied) {
    if (!live || !isJob(live)) continue;
    const name = `Job ${live.metadata?.namespace}/${live.metadata?.name}`;
    for (;;) {
      const job = (await client
        .read(live as any)
        .catch(notFoundIsUndefined)) as
        | (KubernetesObject & { status?: { conditions?: Condition[] } })
        | undefined;
      const condition = (type: string) =>
        job?.status?.conditions?.find(
          c => c.type === type && c.status === 'True',
        );
      if (condition('Complete')) break;
      const failed = condition('Failed');
      if (failed) {
        throw new HookFailedError(
          `${name}, a pre-install/pre-upgrade hook, failed: ${
            failed.message ?? 'no message'
          }; nothing else was applied`,
        );
      }
      if (Date.now() - started > deadlineMs) {
        throw new HookFailedError(
          `${name}, a pre-install/pre-upgrade hook, did not complete within ${Math.round(
            deadlineMs / 1000,
          )} s; nothing else was applied`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}

/**
 * Applies a render that may hold a chart's hooks: its CRDs and Namespaces
 * first, then the pre hooks, by weight, each weight's Jobs awaited until
 * complete (a hook Job that changed is deleted and created again, as
 * Helm's default hook policy does); then every other object, with the post
 * hooks last. A hook Job that completed is not run again while it is
 * unchanged, even once it is gone (`ttlSecondsAfterFinished`): it is left
 * out of the apply. A render without hooks is one server-side apply.
 */
export async function applyWithHooks(
  client: ObjectClient,
  manifests: SourcedManifest[],
  target: Target,
  options: Options,
  hooks: {
    /** How long a pre hook's Job may take. */
    deadlineMs: number;
    /** The hook Jobs completed before (TargetStatus.completedHooks). */
    completed?: Record<string, string>;
  },
): Promise<{
  applied: AppliedObject[];
  completedHooks?: Record<string, string>;
}> {
  if (!manifests.some(m => m.hook)) {
    return {
      applied: await serverSideApply(client, manifests, target, options),
    };
  }
  const namespace = target.defaultNamespace;
  const completed = { ...hooks.completed };
  const ran = (m: SourcedManifest) =>
    isJob(m.object as KubernetesObject) &&
    completed[keyOf(m, namespace)] === hashOf(m);
  const toApply = manifests.filter(m => !m.hook || !ran(m));
  const withRecreate = { ...options, recreateChanged: isJob };
  // As Helm does, the chart's CRDs (and Namespaces) come before any hook.
  const first = toApply.filter(m => !m.hook && FIRST.includes(m.object.kind));
  const applied: AppliedObject[] = first.length
    ? await serverSideApply(client, first, target, options)
    : [];
  const record = (group: SourcedManifest[], results: AppliedObject[]) =>
    group.forEach(m => {
      const result = results.find(
        r =>
          r.ref.kind === m.object.kind && r.ref.name === m.object.metadata.name,
      );
      if (isJob(m.object as KubernetesObject) && isComplete(result?.live)) {
        completed[keyOf(m, namespace)] = hashOf(m);
      }
    });
  for (const group of byWeight(toApply.filter(m => m.hook?.phase === 'pre'))) {
    const results = await serverSideApply(client, group, target, withRecreate);
    applied.push(...results);
    if (!options.dryRunOnly) {
      await awaitJobs(client, results, hooks.deadlineMs);
      group.forEach(m => {
        if (isJob(m.object as KubernetesObject)) {
          completed[keyOf(m, namespace)] = hashOf(m);
        }
      });
    }
  }
  const post = byWeight(toApply.filter(m => m.hook?.phase === 'post')).flat();
  const rest = [...toApply.filter(m => !m.hook && !first.includes(m)), ...post];
  const results = await serverSideApply(client, rest, target, withRecreate);
  record(rest, results);
  applied.push(...results);
  return { applied, completedHooks: completed };
}
