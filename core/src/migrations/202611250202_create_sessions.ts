import type { Knex } from 'knex'

/** Bearer sessions of admin users and customers; only the sha256 of a token is stored. */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_sessions', (table) => {
    table.uuid('id').primary()
    table.string('token_hash', 64).notNullable().unique({ indexName: 'comptoir_sessions_token_hash_unique' })
    table.string('subject_type', 32).notNullable()
    table.string('subject_id', 255).notNullable()
    table.integer('ttl_seconds').notNullable()
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('revoked_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['subject_type', 'subject_id'], 'comptoir_sessions_subject_index')
    table.index(['expires_at'], 'comptoir_sessions_expires_at_index')
  })
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_sessions')
}
