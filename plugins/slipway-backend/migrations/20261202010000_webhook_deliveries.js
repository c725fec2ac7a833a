// @ts-check

/**
 * Webhook deliveries already acted on (GitHub's X-GitHub-Delivery), so a
 * replayed delivery is ignored by every replica. Kept for a day.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_webhook_deliveries', table => {
    table.comment('Webhook delivery ids seen in the last day');
    table.string('id', 200).primary().notNullable();
    table.bigInteger('received_at').notNullable().index();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slipway_webhook_deliveries');
};
