import type { Db } from '@comptoir/core'
import { createPartitionSql, monthFrom } from '../services/partition-names.js'

// Other plugins' ids (customers, orders, products, categories) are plain uuid columns, never foreign keys.
export async function up (knex: Db): Promise<void> {
  // Raw events: append-only, range-partitioned by month so retention drops whole partitions
  // (no DELETE, no vacuum debt). No primary key: dedupe is analytics_event_ids' job.
  await knex.raw(`
    create table analytics_events (
      occurred_at timestamptz not null,
      received_at timestamptz not null default now(),
      event_id uuid not null,
      session_id text not null,
      customer_id uuid,
      type text not null check (type in ('page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart',
        'checkout_started', 'checkout_completed', 'campaign_landing', 'purchase')),
      path text, referrer text,
      product_id uuid, variant_id uuid, quantity integer,
      search_query text, result_count integer, filters jsonb,
      utm_source text, utm_medium text, utm_campaign text, utm_term text, utm_content text,
      order_id uuid, amount bigint, currency char(3),
      ip_prefix text
    ) partition by range (occurred_at)`)
  // BRIN: rows arrive in time order, and it costs the hot insert path next to nothing.
  await knex.raw('create index analytics_events_occurred_brin on analytics_events using brin (occurred_at)')
  await knex.raw('create index analytics_events_customer_index on analytics_events (customer_id) where customer_id is not null')
  const now = new Date()
  for (let offset = -1; offset <= 3; offset++) {
    const { year, month } = monthFrom(now, offset)
    await knex.raw(createPartitionSql(year, month))
  }

  // Client event ids seen per session: a retried batch stores nothing twice. Pruned past the clamp window.
  await knex.schema.createTable('analytics_event_ids', (table) => {
    table.text('session_id').notNullable()
    table.uuid('event_id').notNullable()
    table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['session_id', 'event_id'])
    table.index(['received_at'], 'analytics_event_ids_received_index')
  })

  // Orders as reports need them, projected from orders' events (the only source of purchases).
  await knex.schema.createTable('analytics_orders', (table) => {
    table.uuid('order_id').primary()
    table.uuid('customer_id')
    table.string('currency', 3).notNullable()
    table.bigInteger('total_amount').notNullable()
    table.timestamp('placed_at', { useTz: true }).notNullable()
    table.timestamp('cancelled_at', { useTz: true })
    // Set by the rollup: the session that completed checkout, the channel and first/last campaign touches.
    table.text('session_id')
    table.text('channel')
    table.specificType('first_touch', 'text[]')
    table.specificType('last_touch', 'text[]')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['placed_at'], 'analytics_orders_placed_index')
    table.index(['customer_id'], 'analytics_orders_customer_index')
  })
  await knex.schema.createTable('analytics_order_lines', (table) => {
    table.uuid('order_id').notNullable().references('order_id').inTable('analytics_orders').onDelete('CASCADE')
    table.uuid('product_id').notNullable()
    // The product's categories when the order was placed: a line counts in each of them.
    table.specificType('category_ids', 'uuid[]').notNullable().defaultTo('{}')
    table.integer('quantity').notNullable()
    table.bigInteger('total_amount').notNullable()
    table.index(['order_id'], 'analytics_order_lines_order_index')
  })
  await knex.schema.createTable('analytics_refunds', (table) => {
    table.uuid('refund_id').primary()
    table.uuid('order_id').notNullable()
    table.bigInteger('amount').notNullable()
    table.string('currency', 3).notNullable()
    table.timestamp('refunded_at', { useTz: true }).notNullable()
    table.index(['refunded_at'], 'analytics_refunds_refunded_index')
  })

  // Daily rollups (days in the configured time zone), replaced day by day by analytics.compute-rollups.
  const daily = async (name: string, columns: (table: Parameters<Parameters<Db['schema']['createTable']>[1]>[0]) => void): Promise<void> => {
    await knex.schema.createTable(name, (table) => {
      table.date('day').notNullable()
      columns(table)
      table.index(['day'], `${name}_day_index`)
    })
  }
  await daily('analytics_daily_sales', (table) => {
    table.string('currency', 3).notNullable()
    table.text('channel').notNullable()
    table.integer('orders').notNullable()
    table.bigInteger('gross_amount').notNullable()
    table.bigInteger('refunded_amount').notNullable()
  })
  await daily('analytics_daily_category_sales', (table) => {
    table.string('currency', 3).notNullable()
    table.uuid('category_id')
    table.text('channel').notNullable()
    table.integer('orders').notNullable()
    table.integer('units').notNullable()
    table.bigInteger('revenue_amount').notNullable()
  })
  await daily('analytics_daily_products', (table) => {
    table.uuid('product_id').notNullable()
    table.integer('views').notNullable()
    table.integer('viewing_sessions').notNullable()
    table.integer('add_to_carts').notNullable()
    table.integer('orders').notNullable()
    table.integer('units').notNullable()
  })
  await daily('analytics_daily_searches', (table) => {
    table.text('query').notNullable()
    table.integer('searches').notNullable()
    table.integer('zero_result_searches').notNullable()
    table.integer('sessions').notNullable()
    table.integer('clicks').notNullable()
  })
  await daily('analytics_daily_funnel', (table) => {
    table.integer('sessions').notNullable()
    table.integer('product_views').notNullable()
    table.integer('add_to_carts').notNullable()
    table.integer('checkouts').notNullable()
    table.integer('purchases').notNullable()
  })
  await daily('analytics_daily_campaign_sessions', (table) => {
    table.text('source').notNullable()
    table.text('medium').notNullable()
    table.text('campaign').notNullable()
    table.integer('sessions').notNullable()
  })
  await daily('analytics_daily_campaign_orders', (table) => {
    table.text('model').notNullable()
    table.text('source').notNullable()
    table.text('medium').notNullable()
    table.text('campaign').notNullable()
    table.string('currency', 3).notNullable()
    table.integer('orders').notNullable()
    table.bigInteger('revenue_amount').notNullable()
  })
}

export async function down (knex: Db): Promise<void> {
  for (const table of ['analytics_daily_campaign_orders', 'analytics_daily_campaign_sessions', 'analytics_daily_funnel', 'analytics_daily_searches',
    'analytics_daily_products', 'analytics_daily_category_sales', 'analytics_daily_sales', 'analytics_refunds', 'analytics_order_lines',
    'analytics_orders', 'analytics_event_ids']) {
    await knex.schema.dropTableIfExists(table)
  }
  await knex.raw('drop table if exists analytics_events cascade')
}
