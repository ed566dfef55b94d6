// @ts-check

/**
 * Scorecard results with their history: one row per run, the results each run
 * wrote (history), the latest result of every service (what the pages read),
 * and one roll-up per team, department and organisation per scorecard and day
 * (the trends).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_runs', table => {
    table.comment('One evaluation run: the whole fleet, the changed services, or one service');
    table.increments('id').primary();
    table.string('trigger', 32).notNullable().comment('full, changed or entity');
    table.string('started_at', 32).notNullable().comment('ISO timestamp');
    table.string('finished_at', 32).notNullable().comment('ISO timestamp');
    table.integer('service_count').notNullable();
    table.string('definitions_hash', 64).notNullable();
  });

  await knex.schema.createTable('scorecard_results', table => {
    table.comment('Every result a run wrote: the history of each service');
    table.increments('id').primary();
    table
      .integer('run_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('scorecard_runs')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.text('payload').notNullable().comment('JSON of the service result');
    table.index(['entity_ref'], 'scorecard_results_entity_idx');
    table.index(['run_id'], 'scorecard_results_run_idx');
  });

  await knex.schema.createTable('scorecard_current', table => {
    table.comment('The latest result of every service, what the pages read');
    table.string('entity_ref', 255).primary();
    table.integer('run_id').unsigned().notNullable();
    table.string('etag', 255).notNullable().comment('Catalog etag the result was made from');
    table.string('team_ref', 255).nullable();
    table.text('payload').notNullable().comment('JSON of the service result');
  });

  await knex.schema.createTable('scorecard_rollups', table => {
    table.comment('One roll-up per scope, scorecard and day: the trends');
    table.increments('id').primary();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.integer('run_id').unsigned().notNullable().comment('The last run of that day');
    table.string('scope_kind', 32).notNullable().comment('team, department or organization');
    table.string('scope_ref', 255).notNullable();
    table.string('scorecard_id', 255).notNullable();
    table.integer('service_count').notNullable();
    table.integer('passed_checks').notNullable();
    table.integer('evaluated_checks').notNullable();
    table.text('level_counts').notNullable().comment('JSON: level id (or "none") to service count');
    table.unique(['day', 'scope_ref', 'scorecard_id'], {
      indexName: 'scorecard_rollups_day_scope_uniq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_rollups');
  await knex.schema.dropTable('scorecard_current');
  await knex.schema.dropTable('scorecard_results');
  await knex.schema.dropTable('scorecard_runs');
};
