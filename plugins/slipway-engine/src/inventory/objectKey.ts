import type { ObjectRef } from '../apply/serverSideApply';

/**
 * A stable key for an object: group/version, kind, namespace and name.
 *
 * @public
 */
export function objectKey(ref: ObjectRef): string {
  return [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name].join('/');
}

/**
 * `Deployment staging/checkout`, as messages name an object.
 *
 * @public
 */
export const objectName = (ref: {
  kind?: string;
  namespace?: string;
  name?: string;
}) => `${ref.kind} ${[ref.namespace, ref.name].filter(Boolean).join('/')}`;
