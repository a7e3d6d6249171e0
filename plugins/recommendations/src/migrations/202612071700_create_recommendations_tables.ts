import type { Db } from '@comptoir/core'

// Other plugins' ids (products, customers, orders) are plain indexed uuid columns, never foreign keys.
export async function up (knex: Db): Promise<void> {
  // The catalog as recommendations serves it, projected from catalog's events: status, the
  // attributes similar-products compares, and the lowest base price per currency.
  await knex.schema.createTable('recommendations_products', (table) => {
    table.uuid('product_id').primary()
    table.text('handle').notNullable()
    table.text('title').notNullable()
    table.text('status').notNullable()
    table.text('vendor')
    table.text('product_type')
    table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
    table.specificType('category_ids', 'uuid[]').notNullable().defaultTo('{}')
    table.specificType('option_names', 'text[]').notNullable().defaultTo('{}')
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('create unique index recommendations_products_handle on recommendations_products (handle)')
  await knex.schema.createTable('recommendations_product_prices', (table) => {
    table.uuid('product_id').notNullable()
    table.specificType('currency', 'char(3)').notNullable()
    table.bigInteger('amount').notNullable()
    table.primary(['product_id', 'currency'])
  })

  // Who bought (or looked at) what: purchases come from orders' events, one row per order and product.
  await knex.schema.createTable('recommendations_interactions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id')
    table.text('session_id')
    table.uuid('product_id').notNullable()
    table.text('kind').notNullable()
    table.uuid('order_id')
    table.integer('quantity').notNullable().defaultTo(1)
    table.timestamp('occurred_at', { useTz: true }).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id'])
    table.index(['session_id'])
    table.index(['order_id'])
    table.index(['product_id'])
  })
  await knex.raw("alter table recommendations_interactions add constraint recommendations_interactions_kind check (kind in ('purchase', 'view', 'cart'))")
  await knex.raw('alter table recommendations_interactions add constraint recommendations_interactions_subject check (customer_id is not null or session_id is not null or order_id is not null)')
  await knex.raw("create unique index recommendations_interactions_purchase on recommendations_interactions (order_id, product_id) where kind = 'purchase'")

  // Profiling consent, projected from customers' consent events: personalised picks need it.
  await knex.schema.createTable('recommendations_consents', (table) => {
    table.uuid('customer_id').primary()
    table.boolean('profiling').notNullable()
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })

  await knex.schema.createTable('recommendations_applied_events', (table) => {
    table.uuid('event_id').notNullable()
    table.text('subscriber').notNullable()
    table.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['event_id', 'subscriber'])
  })

  // The precomputed models: each rebuilt in one transaction, read with one index range scan.
  for (const name of ['recommendations_bought_together', 'recommendations_similar']) {
    await knex.schema.createTable(name, (table) => {
      table.uuid('product_id').notNullable()
      table.uuid('related_id').notNullable()
      table.double('score').notNullable()
      table.integer('support').notNullable().defaultTo(0)
      table.primary(['product_id', 'related_id'])
    })
    await knex.raw(`create index ${name}_rank on ${name} (product_id, score desc, related_id)`)
  }
  await knex.schema.createTable('recommendations_trending', (table) => {
    table.text('scope').notNullable().comment("'store', or a category id")
    table.uuid('product_id').notNullable()
    table.double('score').notNullable()
    table.primary(['scope', 'product_id'])
  })
  await knex.raw('create index recommendations_trending_rank on recommendations_trending (scope, score desc, product_id)')
  await knex.schema.createTable('recommendations_for_you', (table) => {
    table.uuid('customer_id').notNullable()
    table.uuid('product_id').notNullable()
    table.double('score').notNullable()
    table.primary(['customer_id', 'product_id'])
  })
  await knex.raw('create index recommendations_for_you_rank on recommendations_for_you (customer_id, score desc, product_id)')

  await knex.schema.createTable('recommendations_model_builds', (table) => {
    table.text('model').primary()
    table.timestamp('built_at', { useTz: true }).notNullable()
    table.integer('rows').notNullable()
    table.integer('duration_ms').notNullable()
  })
}

export async function down (knex: Db): Promise<void> {
  for (const name of [
    'recommendations_model_builds', 'recommendations_for_you', 'recommendations_trending', 'recommendations_similar',
    'recommendations_bought_together', 'recommendations_applied_events', 'recommendations_consents', 'recommendations_interactions',
    'recommendations_product_prices', 'recommendations_products',
  ]) await knex.schema.dropTableIfExists(name)
}
