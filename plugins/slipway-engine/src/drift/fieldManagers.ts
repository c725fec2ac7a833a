/**
 * One entry of an object's `metadata.managedFields`.
 *
 * @public
 */
export type ManagedFieldsEntry = {
  manager?: string;
  operation?: string;
  fieldsV1?: Record<string, unknown>;
};

/** `spec.template.spec.containers[0].image` → ['spec', 'template', 'spec', 'containers'] (stops at lists). */
function mapSegments(path: string): string[] {
  const segments: string[] = [];
  for (const part of path.split('.')) {
    const [name, ...rest] = part.split('[');
    segments.push(name);
    if (rest.length > 0) {
      break; // list items are keyed by merge keys in fieldsV1; own the list as a whole
    }
  }
  return segments;
}

function owns(fields: Record<string, unknown> | undefined, segments: string[]) {
  let node: unknown = fields;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) {
      return false;
    }
    node = (node as Record<string, unknown>)[`f:${segment}`];
    if (node === undefined) {
      return false;
    }
  }
  return true;
}

/**
 * Which field managers, other than `except`, own a field of a live object,
 * read from its managedFields. This names who changed a drifted field.
 *
 * @public
 */
export function fieldManagers(
  managedFields: ManagedFieldsEntry[] | undefined,
  path: string,
  except: string,
): string[] {
  const segments = mapSegments(path);
  return [
    ...new Set(
      (managedFields ?? [])
        .filter(entry => entry.manager && entry.manager !== except)
        .filter(entry => owns(entry.fieldsV1, segments))
        .map(entry => entry.manager!),
    ),
  ];
}
