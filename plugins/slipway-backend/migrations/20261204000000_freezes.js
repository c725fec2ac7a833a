// @ts-check

/**
 * A freeze a person set on one target (Freeze now), and a break-glass apply
 * of one revision while it is frozen, spent once that revision is applied.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_targets', table => {
    table.bigInteger('frozen_since').nullable();
    table
      .bigInteger('frozen_until')
      .nullable()
      .comment('Epoch ms; the freeze is over after it');
    table.text('frozen_by').nullable();
    table.text('frozen_reason').nullable();
    table
      .string('break_glass_revision', 64)
      .nullable()
      .comment('Applied once although the target is frozen');
    table.text('break_glass_by').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_targets', table => {
    table.dropColumn('frozen_since');
    table.dropColumn('frozen_until');
    table.dropColumn('frozen_by');
    table.dropColumn('frozen_reason');
    table.dropColumn('break_glass_revision');
    table.dropColumn('break_glass_by');
  });
};
