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
    // Free-form values (a chart's values file, a release's inline values) hold credentials under their keys.
    const freeForm = object?.kind === 'ChartRelease' ? ['values'] : [];
    if (!object?.kind || freeForm.length > 0) {
      const values = freeForm.length > 0 ? object?.values : object;
      for (const at of credentialPaths(values, freeForm)) {
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
