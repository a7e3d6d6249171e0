import type { Db } from '@comptoir/core'

/**
 * Endpoints, one delivery per (endpoint, event) — the unique key makes a re-delivered event a
 * no-op — and the attempts of each delivery (the log). Secrets are stored as they are: signing
 * needs them (see docs/plugins/webhooks.md, "Secrets").
 */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('webhooks_endpoints', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('url', 2048).notNullable()
    table.string('description', 500)
    table.jsonb('events').notNullable()
    table.boolean('enabled').notNullable().defaultTo(true)
    table.string('disabled_reason', 20)
    table.string('secret', 100).notNullable()
    table.string('previous_secret', 100)
    table.timestamp('previous_secret_expires_at', { useTz: true })
    table.timestamp('failing_since', { useTz: true })
    // Attempts in flight, bounded by a conditional update; recounted from the deliveries' locks when it looks full.
    table.integer('in_flight').notNullable().defaultTo(0)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw(`alter table webhooks_endpoints
    add constraint webhooks_endpoints_disabled_reason_check check (disabled_reason in ('manual', 'failing'))`)

  await knex.schema.createTable('webhooks_deliveries', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('endpoint_id').notNullable().references('id').inTable('webhooks_endpoints').onDelete('CASCADE')
    table.uuid('event_id').notNullable()
    table.string('event_name', 200).notNullable()
    table.timestamp('occurred_at', { useTz: true }).notNullable()
    // A copy of the event's payload: the outbox row is purged after 7 days, replay must still work.
    table.jsonb('payload')
    table.string('status', 20).notNullable().defaultTo('pending')
    table.integer('attempts').notNullable().defaultTo(0)
    // Attempts made so far may go up to this; a replay raises it by a fresh budget.
    table.integer('attempt_limit').notNullable()
    table.timestamp('next_attempt_at', { useTz: true })
    // While an attempt is in flight: another worker neither runs it nor counts past the endpoint's bound.
    table.timestamp('locked_until', { useTz: true })
    table.integer('last_status_code')
    table.timestamp('erased_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['endpoint_id', 'event_id'], { indexName: 'webhooks_deliveries_endpoint_event_key' })
    table.index(['endpoint_id', 'created_at', 'id'], 'webhooks_deliveries_endpoint_created_idx')
    table.index(['created_at'], 'webhooks_deliveries_created_idx')
  })
  await knex.raw(`alter table webhooks_deliveries
    add constraint webhooks_deliveries_status_check check (status in ('pending', 'succeeded', 'failed'))`)
  await knex.raw('create index webhooks_deliveries_in_flight_idx on webhooks_deliveries (endpoint_id) where locked_until is not null')

  await knex.schema.createTable('webhooks_attempts', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('delivery_id').notNullable().references('id').inTable('webhooks_deliveries').onDelete('CASCADE')
    table.integer('attempt').notNullable()
    table.timestamp('started_at', { useTz: true }).notNullable()
    table.integer('duration_ms').notNullable()
    table.integer('status_code')
    table.text('response_body')
    table.string('error', 1000)
    table.string('outcome', 20).notNullable()
    table.unique(['delivery_id', 'attempt'], { indexName: 'webhooks_attempts_delivery_attempt_key' })
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('webhooks_attempts')
  await knex.schema.dropTable('webhooks_deliveries')
  await knex.schema.dropTable('webhooks_endpoints')
}
