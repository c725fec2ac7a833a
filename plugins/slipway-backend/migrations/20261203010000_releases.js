// @ts-check

/**
 * Releases: every change to what a service renders in an environment that
 * reached the cluster, with the commit that made it and the verdict of its
 * canary run. The source of the Releases view, rollback and DORA figures.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_releases', table => {
    table.comment('One row per change of a service applied to an environment');
    table.increments('id');
    table
      .string('target_id', 600)
      .notNullable()
      .comment('entityRef#environment');
    table.string('service', 253).notNullable();
    table.string('environment', 100).notNullable();
    table.string('revision', 64).notNullable();
    table.string('rendered_hash', 64).notNullable();
    table
      .text('images')
      .notNullable()
      .comment('JSON array of container images');
    table.text('message').notNullable();
    table.string('author', 500).notNullable();
    table.bigInteger('committed_at').nullable();
    table.bigInteger('applied_at').notNullable();
    table
      .string('verdict', 20)
      .notNullable()
      .comment('released (no canary), analysing, succeeded or failed');
    table.string('run_id', 64).nullable();
    table.text('reason').nullable();
    table.bigInteger('settled_at').nullable();
    table
      .text('follow_up')
      .nullable()
      .comment('JSON: the revert Slipway wrote to Git after a failed run');
    table.index(['target_id', 'applied_at']);
    table.index(['service', 'environment', 'applied_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_releases');
};
