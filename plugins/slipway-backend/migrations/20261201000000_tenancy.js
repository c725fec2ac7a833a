// @ts-check

/**
 * Who holds each (service, environment) and (repository, branch, path): one
 * catalog entity each, the first to claim it. A target whose entity claims
 * what another holds is a conflict and reconciles nothing. And the prune a
 * person confirmed for a target, by the hash of the objects it deletes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slipway_claims', table => {
    table.comment(
      'One row per delivery target that holds its service and path',
    );
    table.string('target_id', 600).primary().notNullable();
    table.string('entity_ref', 500).notNullable();
    table.string('environment', 100).notNullable();
    table.string('service', 100).notNullable();
    table.string('repository', 1000).notNullable();
    table.string('branch', 300).notNullable();
    table.string('path', 1000).notNullable();
    table.bigInteger('claimed_at').notNullable();
    table.index(['entity_ref'], 'slipway_claims_entity_idx');
  });
  await knex.schema.createTable('slipway_claim_conflicts', table => {
    table.comment('Targets that claim what another entity holds');
    table.string('target_id', 600).primary().notNullable();
    table.string('entity_ref', 500).notNullable();
    table.string('environment', 100).notNullable();
    table.string('held_by_target', 600).notNullable();
    table.string('held_by_entity', 500).notNullable();
    table.text('reason').notNullable();
    table.bigInteger('since').notNullable();
    table.index(['entity_ref'], 'slipway_claim_conflicts_entity_idx');
    table.index(['held_by_entity'], 'slipway_claim_conflicts_holder_idx');
  });
  await knex.schema.alterTable('slipway_targets', table => {
    table
      .string('prune_confirmed', 64)
      .nullable()
      .comment('Hash of the held-back prune a person confirmed');
    table.string('prune_confirmed_by', 500).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('slipway_targets', table => {
    table.dropColumn('prune_confirmed');
    table.dropColumn('prune_confirmed_by');
  });
  await knex.schema.dropTable('slipway_claim_conflicts');
  await knex.schema.dropTable('slipway_claims');
};
