// @ts-check

/**
 * Every finished run claims the next due targets; without an index each
 * claim read and sorted the whole table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_targets', table => {
    table.index(['next_run_at'], 'slipway_targets_next_run_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_targets', table => {
    table.dropIndex(['next_run_at'], 'slipway_targets_next_run_at_idx');
  });
};
