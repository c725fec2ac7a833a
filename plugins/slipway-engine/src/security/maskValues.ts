import { createHmac, randomBytes } from 'node:crypto';
import type { FieldChange } from '../apply/diffObjects';
import { isPlainObject } from '../values/isPlainObject';
import { namesKind } from '../render/validateKindPolicy';

/**
 * Fields of a kind whose values never leave the cluster: `data`, or one key, `data.password`.
 *
 * @public
 */
export type MaskRule = { kind: string; fields: string[] };

/**
 * Always masked, whatever an environment adds.
 *
 * @public
 */
export const SECRET_MASK_RULE: MaskRule = {
  kind: 'Secret',
  fields: ['data', 'stringData'],
};

/**
 * Which values no diff keeps (besides Secret data), and the installation's salt for their hashes.
 *
 * @public
 */
export type Masking = {
  /** Rules beyond SECRET_MASK_RULE. */
  rules?: MaskRule[];
  /**
   * Keyed into the hash, so a short hash cannot be matched against guessed
   * values; keep one per installation so hashes compare across runs.
   */
  salt?: string;
};

/** Hashes of one process still compare with each other when no salt is configured. */
const PROCESS_SALT = randomBytes(16).toString('hex');

/**
 * What a masked value is shown as: a short salted hash, equal for equal values.
 *
 * @public
 */
export function maskedValue(value: unknown, salt: string): string {
  const hash = createHmac('sha256', salt)
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 10);
  return `(masked ${hash})`;
}

function maskedFields(
  object: { apiVersion: string; kind: string },
  masking: Masking,
): string[] {
  return [SECRET_MASK_RULE, ...(masking.rules ?? [])]
    .filter(rule => namesKind([rule.kind], object.apiVersion, object.kind))
    .flatMap(rule => rule.fields);
}

const under = (path: string, field: string) =>
  path === field ||
  path.startsWith(`${field}.`) ||
  path.startsWith(`${field}[`);

function maskAt(
  path: string,
  value: unknown,
  fields: string[],
  salt: string,
): unknown {
  if (value === undefined) {
    return undefined;
  }
  const masked = fields.some(field => under(path, field));
  if (Array.isArray(value) && !masked) {
    // A masked field may be inside an item: `env[0].value`.
    return value.map((v, i) => maskAt(`${path}[${i}]`, v, fields, salt));
  }
  if (isPlainObject(value)) {
    // Keys stay visible, so a diff still says which key changed.
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        maskAt(path ? `${path}.${key}` : key, v, fields, salt),
      ]),
    );
  }
  return masked ? maskedValue(value, salt) : value;
}

/**
 * Field changes of one object with every masked value replaced by its
 * hash, also inside a whole object (a created object is one change at the
 * root): the only form in which Slipway keeps or shows such a diff.
 *
 * @public
 */
export function maskChanges<C extends FieldChange>(
  object: { apiVersion: string; kind: string },
  changes: C[],
  masking: Masking,
): C[] {
  const fields = maskedFields(object, masking);
  if (fields.length === 0) {
    return changes;
  }
  const salt = masking.salt ?? PROCESS_SALT;
  return changes.map(change => {
    const out = { ...change };
    if ('before' in change) {
      out.before = maskAt(change.path, change.before, fields, salt);
    }
    if ('after' in change) {
      out.after = maskAt(change.path, change.after, fields, salt);
    }
    return out;
  });
}
