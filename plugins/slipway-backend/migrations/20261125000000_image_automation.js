// @ts-check

/**
 * What image automation last saw and wrote for each (service, environment)
 * target: the newest image its policy accepts, the image in Git and the one
 * applied, the last automation commit, and when to check again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_image_automation', table => {
    table.comment('One row per delivery target with an image policy');
    table.string('target_id', 600).primary().notNullable();
    table.text('policy').notNullable();
    table.string('image', 500).nullable();
    table.string('newest', 700).nullable();
    table.string('in_git', 700).nullable();
    table.string('deployed', 700).nullable();
    table.string('deployed_revision', 64).nullable();
    table.bigInteger('checked_at').nullable();
    table.bigInteger('next_check_at').notNullable().defaultTo(0);
    table.integer('failures').notNullable().defaultTo(0);
    table.text('error').nullable();
    table.string('last_commit_revision', 64).nullable();
    table.text('last_commit_message').nullable();
    table.bigInteger('last_commit_at').nullable();
    table.string('last_commit_url', 1000).nullable();
    table
      .string('last_written', 700)
      .nullable()
      .comment('The image last committed or proposed: never proposed twice');
    table.bigInteger('updated_at').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_image_automation');
};
