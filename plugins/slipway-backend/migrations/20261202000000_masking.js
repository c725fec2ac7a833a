// @ts-check
const { randomBytes } = require('node:crypto');

/** What a value stored before masking becomes: its hash cannot be known without the value. */
const CLEANED = '(masked)';
const SECRET_FIELDS = ['data', 'stringData'];

/** A URL without user or password: Slipway stores and serves none. */
const withoutUserInfo = (/** @type {string} */ text) =>
  text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi, '$1');

/** @param {unknown} value @param {boolean} masked @returns {unknown} */
function clean(value, masked) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, clean(v, masked)]),
    );
  }
  return masked && value !== undefined ? CLEANED : value;
}

/** One field change of a Secret, its data values replaced (the root change holds the whole object). */
function cleanChange(/** @type {any} */ change) {
  const out = { ...change };
  for (const side of ['before', 'after']) {
    if (!(side in change)) continue;
    const top = String(change.path).split(/[.[]/)[0];
    out[side] =
      change.path === ''
        ? Object.fromEntries(
            Object.entries(change[side] ?? {}).map(([k, v]) => [
              k,
              clean(v, SECRET_FIELDS.includes(k)),
            ]),
          )
        : clean(change[side], SECRET_FIELDS.includes(top));
  }
  return out;
}

/**
 * @param {any[] | undefined} objects each `{ ref, diff }` or `{ ref, fields }`
 * @param {string} key
 */
function cleanObjects(objects, key) {
  let changed = false;
  for (const object of objects ?? []) {
    if (object?.ref?.kind === 'Secret' && Array.isArray(object[key])) {
      object[key] = object[key].map(cleanChange);
      changed = true;
    }
  }
  return changed;
}

/**
 * Masked values: an installation salt for the hashes that stand for them,
 * and history and drift records written before masking cleaned of Secret
 * values (their keys stay); repository URLs stored without user-info.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_settings', table => {
    table.comment(
      'Installation-wide values, e.g. the salt of masked-value hashes',
    );
    table.string('key', 100).primary().notNullable();
    table.text('value').notNullable();
  });
  await knex('slipway_settings').insert({
    key: 'mask-salt',
    value: randomBytes(32).toString('hex'),
  });

  let after = 0;
  for (;;) {
    const rows = await knex('slipway_reconciliations')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'changes');
    if (rows.length === 0) break;
    for (const row of rows) {
      const changes = JSON.parse(row.changes);
      if (cleanObjects(changes.applied, 'diff')) {
        await knex('slipway_reconciliations')
          .where('id', row.id)
          .update({ changes: JSON.stringify(changes) });
      }
    }
    after = rows[rows.length - 1].id;
  }

  const targets = await knex('slipway_targets').select(
    'id',
    'repository',
    'spec',
    'status',
  );
  for (const row of targets) {
    const status = row.status ? JSON.parse(row.status) : null;
    cleanObjects(status?.drift?.objects, 'fields');
    await knex('slipway_targets')
      .where('id', row.id)
      .update({
        repository: withoutUserInfo(row.repository),
        spec: withoutUserInfo(row.spec),
        status: status && JSON.stringify(status),
      });
  }
  for (const row of await knex('slipway_claims').select(
    'target_id',
    'repository',
  )) {
    await knex('slipway_claims')
      .where('target_id', row.target_id)
      .update({ repository: withoutUserInfo(row.repository) });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_settings');
};
