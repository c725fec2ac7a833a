// @ts-check

/**
 * Delivery targets (one per service and environment) with their status and
 * scheduling lease, and the history of their reconciliations.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_targets', table => {
    table.comment('One row per (service, environment) delivery target');
    table.string('id', 500).primary().notNullable();
    table.string('entity_ref', 400).notNullable().index();
    table.string('environment', 100).notNullable();
    table.string('cluster', 200).notNullable();
    table.string('repository', 1000).notNullable();
    table.string('branch', 200).notNullable();
    table.text('spec').notNullable().comment('JSON: what to reconcile');
    table.text('status').nullable().comment('JSON: the engine status');
    table.boolean('suspended').notNullable().defaultTo(false);
    table.string('suspended_by', 400).nullable();
    table.bigInteger('next_run_at').notNullable().defaultTo(0);
    table.bigInteger('sync_requested_at').nullable();
    table.string('sync_trigger', 50).nullable();
    table.integer('failures').notNullable().defaultTo(0);
    table.string('lease_owner', 200).nullable();
    table.bigInteger('lease_expires_at').nullable();
    table.bigInteger('updated_at').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('slipway_reconciliations', table => {
    table.comment('The last reconciliations of each target');
    table.increments('id');
    table
      .string('target_id', 500)
      .notNullable()
      .references('id')
      .inTable('slipway_targets')
      .onDelete('CASCADE');
    table.string('replica', 200).notNullable();
    table.string('trigger', 50).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').notNullable();
    table.string('revision', 64).nullable();
    table.string('result', 20).notNullable();
    table.string('reason', 100).notNullable();
    table.text('message').notNullable();
    table.text('changes').notNullable().comment('JSON: applied and pruned');
    table.index(['target_id', 'id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_reconciliations');
  await knex.schema.dropTable('slipway_targets');
};
