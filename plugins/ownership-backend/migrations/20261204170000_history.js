// @ts-check

/**
 * Actual ownership from git history (issue 16): the incremental state of each
 * mined repository, one row per completed run, and the results of the latest
 * run, which every replica serves. A run writes all three in one transaction.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_history_state', table => {
    table.comment('Where the last run left each repository: the next run reads only newer commits');
    table.string('key_hash', 64).primary().comment('sha256 of repository_key');
    table.text('repository_key').notNullable().comment('Location and revision the state is for');
    table.text('state').notNullable().comment('JSON of the history aggregator state');
    table.string('updated_at', 32).notNullable().comment('ISO timestamp');
  });

  await knex.schema.createTable('ownership_history_runs', table => {
    table.comment('One completed history run');
    table.increments('id').primary();
    table.string('started_at', 32).notNullable().comment('ISO timestamp');
    table.string('completed_at', 32).notNullable().comment('ISO timestamp');
    table.integer('repository_count').notNullable();
    table.integer('component_count').notNullable();
    table.integer('finding_count').notNullable();
  });

  await knex.schema.createTable('ownership_history_result', table => {
    table.comment('The results of the latest completed run (one row), what the API serves');
    table.integer('id').primary().comment('Always 1');
    table.integer('run_id').notNullable();
    table.string('completed_at', 32).notNullable().comment('ISO timestamp');
    table.text('payload').notNullable().comment('JSON: report, repository runs, components without source, groups');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_history_result');
  await knex.schema.dropTable('ownership_history_runs');
  await knex.schema.dropTable('ownership_history_state');
};
