// @ts-check

/**
 * What each Canary's primary serves (its container images, as the last tick
 * read them), so the Delivery tab can say what serves beside what Git holds
 * without reading the clusters.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_canaries', table => {
    table
      .text('serving_images')
      .nullable()
      .comment("JSON array of the primary's container images");
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_canaries', table => {
    table.dropColumn('serving_images');
  });
};
