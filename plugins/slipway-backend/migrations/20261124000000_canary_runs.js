// @ts-check

/**
 * One row per canary run: the version it analysed, when it started and
 * ended, and how (the run history the Canary tab lists).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_canary_runs', table => {
    table.comment('Every run of every Canary, as its status last showed it');
    table.string('canary_id', 600).notNullable();
    table.string('run_id', 64).notNullable();
    table
      .string('spec', 100)
      .nullable()
      .comment('hash of the analysed version');
    table.text('images').nullable().comment('its container images, as JSON');
    table.string('phase', 40).notNullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('ended_at').nullable();
    table.text('message').nullable();
    table.primary(['canary_id', 'run_id']);
    table.index(['canary_id', 'started_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_canary_runs');
};
