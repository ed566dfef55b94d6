// @ts-check

/**
 * New repository states are staged here while a history run mines, instead
 * of in the replica's memory, where a fleet's states grew with the fleet
 * until the run ended. The run's final transaction moves its rows into `ownership_history_state`, so the
 * states still change together with the results; rows of a run that never
 * got there are removed when the next run starts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_history_state_staged', table => {
    table.comment(
      'States a history run has mined and not yet committed with its results',
    );
    table
      .string('run_token', 36)
      .notNullable()
      .comment('The run that staged the row (a random UUID)');
    table
      .string('key_hash', 64)
      .notNullable()
      .comment('sha256 of repository_key');
    table
      .text('repository_key')
      .notNullable()
      .comment('Location and revision the state is for');
    table
      .text('state')
      .notNullable()
      .comment('JSON of the history aggregator state');
    table.primary(['run_token', 'key_hash']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_history_state_staged');
};
