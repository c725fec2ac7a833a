// @ts-check

/**
 * Holds: a release whose canary failed, or that a person rolled back, holds
 * its images in that environment (image automation and promotion do not
 * bring them again) until someone releases the hold. Releases that failed
 * before this migration hold their images too.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('slipway_releases', table => {
    table
      .text('held_by')
      .nullable()
      .comment('Who set the hold: a person, or the canary run that failed');
    table.text('hold_reason').nullable();
    table.bigInteger('held_at').nullable();
    table.text('hold_released_by').nullable();
    table.text('hold_release_reason').nullable();
    table.bigInteger('hold_released_at').nullable();
  });
  const failed = await knex('slipway_releases')
    .where({ verdict: 'failed' })
    .select('id', 'run_id', 'reason', 'settled_at');
  for (const release of failed) {
    await knex('slipway_releases')
      .where({ id: release.id })
      .update({
        held_by: `canary run ${release.run_id ?? 'unknown'}`,
        hold_reason: release.reason ?? 'its canary failed',
        held_at: release.settled_at,
      });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_releases', table => {
    for (const column of [
      'held_by',
      'hold_reason',
      'held_at',
      'hold_released_by',
      'hold_release_reason',
      'hold_released_at',
    ]) {
      table.dropColumn(column);
    }
  });
};
