// @ts-check

/**
 * Campaigns and the state of each of their services. A service's full
 * record is JSON in `data`; state, owner and done_at are columns so the
 * runner and the pages can select on them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('campaigns', table => {
    table.string('id', 64).primary();
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.text('target').notNullable().comment('CampaignTarget as JSON');
    table.string('deadline', 10).notNullable().comment('YYYY-MM-DD');
    table.string('status', 16).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('closed_at', 32).nullable();
  });
  await knex.schema.createTable('campaign_services', table => {
    table
      .string('campaign_id', 64)
      .notNullable()
      .references('id')
      .inTable('campaigns')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.string('owner', 255).notNullable();
    table.string('state', 16).notNullable();
    table.text('data').notNullable().comment('CampaignService as JSON');
    table.string('updated_at', 32).notNullable();
    table.primary(['campaign_id', 'entity_ref']);
    table.index(['campaign_id', 'state']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('campaign_services');
  await knex.schema.dropTable('campaigns');
};
