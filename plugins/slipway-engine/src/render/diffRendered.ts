import { diffObjects, type FieldChange } from '../apply/diffObjects';
import { maskChanges, type Masking } from '../security/maskValues';
import type { SourcedManifest } from './manifest';

/**
 * One object that differs between two renders of a service.
 *
 * @public
 */
export type RenderedObjectChange = {
  ref: { apiVersion: string; kind: string; namespace?: string; name: string };
  change: 'added' | 'removed' | 'changed';
  /** Field by field; an added or removed object is one change at the root. Masked values as hashes. */
  fields: FieldChange[];
};

const refOf = ({ object }: SourcedManifest) => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  ...(object.metadata.namespace && { namespace: object.metadata.namespace }),
  name: object.metadata.name,
});

/** The API group, not its version: a move from v1beta1 to v1 is a change of one object. */
const keyOf = (m: SourcedManifest) => {
  const { apiVersion, kind, namespace, name } = refOf(m);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
};

/**
 * What changed between two renders of a service, object by object, in
 * the order the later render has them (removed objects last), with every
 * masked value (Secret data, the environment's mask rules) as its hash.
 *
 * @public
 */
export function diffRendered(
  before: SourcedManifest[],
  after: SourcedManifest[],
  masking: Masking,
): RenderedObjectChange[] {
  const earlier = new Map(before.map(m => [keyOf(m), m]));
  const changes: RenderedObjectChange[] = [];
  const add = (
    m: SourcedManifest,
    change: RenderedObjectChange['change'],
    fields: FieldChange[],
  ) => {
    if (fields.length > 0) {
      changes.push({
        ref: refOf(m),
        change,
        fields: maskChanges(m.object, fields, masking),
      });
    }
  };
  for (const m of after) {
    const was = earlier.get(keyOf(m));
    earlier.delete(keyOf(m));
    if (was) {
      add(m, 'changed', diffObjects(was.object, m.object));
    } else {
      add(m, 'added', [{ path: '', after: m.object }]);
    }
  }
  for (const m of earlier.values()) {
    add(m, 'removed', [{ path: '', before: m.object }]);
  }
  return changes;
}
