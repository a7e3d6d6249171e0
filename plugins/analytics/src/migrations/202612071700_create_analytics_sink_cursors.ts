import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  // How far each registered sink has been shipped, in (received_at, event_id) order.
  await knex.schema.createTable('analytics_sink_cursors', (table) => {
    table.text('sink').primary()
    table.timestamp('received_at', { useTz: true }).notNullable()
    table.uuid('event_id').notNullable()
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('create index analytics_events_received_brin on analytics_events using brin (received_at)')
}

export async function down (knex: Db): Promise<void> {
  await knex.raw('drop index if exists analytics_events_received_brin')
  await knex.schema.dropTableIfExists('analytics_sink_cursors')
}
