import { parseAllDocuments } from 'yaml';
import { credentialPaths } from './credentialKeys';
import { REDACTED } from './redact';

type Generator = { literals?: unknown[] };

/** `KEY=value` literals of a kustomize secretGenerator, values masked. */
const maskLiterals = (literals: unknown[]) =>
  literals.map(l =>
    typeof l === 'string' && l.includes('=')
      ? `${l.slice(0, l.indexOf('='))}=${REDACTED}`
      : REDACTED,
  );

/**
 * Where a document holds free-form values, whose credentials are under
 * their keys: all of a document without a kind (a chart's values file), a
 * ChartRelease's inline `values`.
 */
function freeFormValues(
  object: Record<string, any> | null,
): { at: string[]; value: unknown } | undefined {
  if (!object?.kind) {
    return { at: [], value: object };
  }
  if (object.kind === 'ChartRelease') {
    return { at: ['values'], value: object.values };
  }
  return undefined;
}

/**
 * A config repository file as a person may see it in a diff: YAML with
 * every Secret's `data` and `stringData` values, every kustomize
 * `secretGenerator` literal, and credential-like keys of free-form values
 * (a document without a kind, as a chart's values file; a ChartRelease's
 * inline values) masked. Undefined when the file must not be
 * shown at all: anything that is not YAML (an env file a secretGenerator
 * reads, a key) or YAML that does not parse.
 *
 * @public
 */
export function maskConfigFile(file: string, text: string): string | undefined {
  if (!/\.ya?ml$/i.test(file)) {
    return undefined;
  }
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.some(d => d.errors.length > 0)) {
    return undefined;
  }
  for (const doc of docs) {
    const object = doc.toJS() as Record<string, any> | null;
    // A Secret, or one among the items of a List.
    const secrets: Array<[Array<string | number>, Record<string, any>]> = [
      [[], object ?? {}],
      ...((Array.isArray(object?.items) ? object!.items : []) as any[]).map(
        (item, index): [Array<string | number>, Record<string, any>] => [
          ['items', index],
          item ?? {},
        ],
      ),
    ];
    for (const [at, secret] of secrets) {
      if (secret.kind !== 'Secret') continue;
      for (const field of ['data', 'stringData']) {
        for (const key of Object.keys(secret[field] ?? {})) {
          doc.setIn([...at, field, key], REDACTED);
        }
      }
    }
    const values = freeFormValues(object);
    if (values) {
      for (const at of credentialPaths(values.value, values.at)) {
        doc.setIn(at, REDACTED);
      }
    }
    (object?.secretGenerator as Generator[] | undefined)?.forEach(
      (generator, index) => {
        if (Array.isArray(generator?.literals)) {
          doc.setIn(
            ['secretGenerator', index, 'literals'],
            doc.createNode(maskLiterals(generator.literals)),
          );
        }
      },
    );
  }
  return docs.map(d => String(d)).join('');
}
