import type { Knex } from 'knex'

/**
 * Plugin settings: the current value of each key, and every change as a numbered version.
 * A row at version 0 holds no value (the schema default applies); it exists so that the first
 * concurrent sets of a key have a row to lock.
 */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_settings', (table) => {
    table.string('key', 120).primary()
    table.jsonb('value')
    table.integer('version').notNullable().defaultTo(0)
    table.timestamp('updated_at', { useTz: true })
    table.string('updated_by_type', 20)
    table.string('updated_by_id', 200)
    table.check('?? >= 0', ['version'], 'comptoir_settings_version_check')
  })
  await knex.schema.createTable('comptoir_setting_history', (table) => {
    table.string('key', 120).notNullable().references('key').inTable('comptoir_settings')
    // (key, version) unique: two concurrent sets can never both write version n.
    table.integer('version').notNullable()
    table.jsonb('old_value').notNullable()
    table.jsonb('new_value').notNullable()
    table.string('actor_type', 20)
    table.string('actor_id', 200)
    table.string('request_id', 100).notNullable()
    table.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['key', 'version'], { constraintName: 'comptoir_setting_history_pkey' })
    table.check('?? >= 1', ['version'], 'comptoir_setting_history_version_check')
  })
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_setting_history')
  await knex.schema.dropTable('comptoir_settings')
}
