// @ts-check

/**
 * Canaries found in the clusters, with the schedule and lease of their next
 * tick (their progress lives in the Canary's status), and every metric check
 * the canary engine made, for charts and history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_canaries', table => {
    table.comment('One row per Canary resource in a configured cluster');
    table
      .string('id', 600)
      .primary()
      .notNullable()
      .comment('cluster/namespace/name');
    table.string('cluster', 200).notNullable();
    table.string('namespace', 253).notNullable();
    table.string('name', 253).notNullable();
    table.string('service', 253).nullable().comment('slipway.io/service label');
    table.string('environment', 100).nullable();
    table.string('phase', 40).nullable();
    table.bigInteger('next_run_at').notNullable().defaultTo(0).index();
    table.string('lease_owner', 200).nullable();
    table.bigInteger('lease_expires_at').nullable();
    table.bigInteger('updated_at').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('slipway_canary_measurements', table => {
    table.comment('Every metric check of every canary run');
    table.increments('id');
    table.string('canary_id', 600).notNullable();
    table.string('run_id', 64).notNullable();
    table.string('metric', 253).notNullable();
    table.double('value').nullable();
    table.double('min').nullable();
    table.double('max').nullable();
    table.boolean('passed').notNullable();
    table.bigInteger('at').notNullable();
    table.integer('weight').notNullable();
    table.text('error').nullable();
    // A check written again after a crash is the same row, not a second one.
    table.unique(['canary_id', 'run_id', 'metric', 'at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_canary_measurements');
  await knex.schema.dropTable('slipway_canaries');
};
