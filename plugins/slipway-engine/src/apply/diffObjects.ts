import { SLIPWAY_DESIRED_HASH_ANNOTATION } from '@slipway/model';
import { isPlainObject } from '../values/isPlainObject';
/**
 * One field that differs between the live object and what Git wants.
 *
 * @public
 */
export type FieldChange = {
  path: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Field-level differences, paths as `spec.template.spec.containers[0].image`.
 *
 * @public
 */
export function diffObjects(
  before: unknown,
  after: unknown,
  path = '',
): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [
      ...new Set([...Object.keys(before), ...Object.keys(after)]),
    ].sort();
    return keys.flatMap(key =>
      diffObjects(before[key], after[key], path ? `${path}.${key}` : key),
    );
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.length === after.length
  ) {
    return before.flatMap((item, i) =>
      diffObjects(item, after[i], `${path}[${i}]`),
    );
  }
  if (JSON.stringify(before) === JSON.stringify(after)) {
    return [];
  }
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** What the server fills in or tracks itself; never a difference worth applying. */
export function comparable(obj: Record<string, any> | undefined) {
  if (!obj) {
    return undefined;
  }
  const { status: _status, metadata = {}, ...rest } = obj;
  const {
    managedFields: _mf,
    resourceVersion: _rv,
    generation: _g,
    uid: _uid,
    creationTimestamp: _ct,
    ...meta
  } = metadata;
  // Slipway's own bookkeeping is not a change anyone made.
  const { [SLIPWAY_DESIRED_HASH_ANNOTATION]: _hash, ...annotations } =
    meta.annotations ?? {};
  if (Object.keys(annotations).length > 0) {
    meta.annotations = annotations;
  } else {
    delete meta.annotations;
  }
  return { ...rest, metadata: meta };
}
