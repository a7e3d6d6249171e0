import type { Knex } from 'knex'

/** The events outbox: written in the business transaction, relayed to subscribers after commit. */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_outbox', (table) => {
    table.uuid('id').primary()
    table.string('name', 200).notNullable()
    table.jsonb('payload').notNullable()
    table.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.string('request_id', 255)
    table.jsonb('actor')
    table.timestamp('dispatched_at', { useTz: true })
  })
  // The relay reads only undispatched rows; the purge only dispatched ones.
  await knex.raw('create index comptoir_outbox_pending_idx on comptoir_outbox (occurred_at, id) where dispatched_at is null')
  await knex.raw('create index comptoir_outbox_dispatched_idx on comptoir_outbox (dispatched_at) where dispatched_at is not null')
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_outbox')
}
