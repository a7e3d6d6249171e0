import type { Knex } from 'knex'

/**
 * Idempotency-Key records: claimed (`started`) before a handler runs, then `completed` with the
 * response. The primary key (scope, key) is what makes a concurrent duplicate lose the claim.
 */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_idempotency_keys', (table) => {
    table.string('scope', 300).notNullable()
    table.string('key', 255).notNullable()
    table.string('request_hash', 64).notNullable()
    table.string('state', 16).notNullable()
    /** Which claim owns a `started` row, so a stale request cannot complete a row taken over since. */
    table.uuid('claim_id').notNullable()
    table.integer('status_code')
    table.string('content_type', 255)
    table.binary('body')
    table.timestamp('claimed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['scope', 'key'], { constraintName: 'comptoir_idempotency_keys_pkey' })
    table.index(['expires_at'], 'comptoir_idempotency_keys_expires_at_index')
  })
  await knex.raw("alter table comptoir_idempotency_keys add constraint comptoir_idempotency_keys_state check (state in ('started', 'completed'))")
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_idempotency_keys')
}
