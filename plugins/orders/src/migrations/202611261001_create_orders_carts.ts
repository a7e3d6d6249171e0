import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('orders_carts', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('status', 12).notNullable().defaultTo('open')
    table.uuid('customer_id')
    // sha256 of a guest cart's token; the token itself is handed out once and never stored.
    table.specificType('token_hash', 'char(64)')
    table.specificType('currency', 'char(3)').notNullable()
    table.string('email', 254)
    table.jsonb('shipping_address')
    table.jsonb('billing_address')
    table.uuid('shipping_option_id').references('id').inTable('orders_shipping_options').onDelete('SET NULL')
    // The order this cart became (orders_orders.id); a plain column, the order table comes later.
    table.uuid('order_id')
    table.uuid('merged_into_cart_id')
    table.timestamp('completed_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['token_hash'], { indexName: 'orders_carts_token_hash_unique' })
    table.index(['customer_id', 'status'], 'orders_carts_customer_index')
    table.index(['status', 'updated_at'], 'orders_carts_status_updated_index')
    table.index(['created_at', 'id'], 'orders_carts_created_index')
  })
  await knex.raw(`alter table orders_carts
    add constraint orders_carts_status_check check (status in ('open', 'completing', 'completed', 'merged')),
    add constraint orders_carts_completed_check check (status <> 'completed' or order_id is not null),
    add constraint orders_carts_owner_check check (customer_id is not null or token_hash is not null or status <> 'open'),
    add constraint orders_carts_currency_check check (currency ~ '^[A-Z]{3}$')`)
  // A customer has at most one open cart: it is what merging at login and "get or create" find.
  await knex.raw('create unique index orders_carts_customer_open_unique on orders_carts (customer_id) where status = \'open\' and customer_id is not null')
  await knex.raw('create unique index orders_carts_order_unique on orders_carts (order_id) where order_id is not null')

  await knex.schema.createTable('orders_cart_lines', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('cart_id').notNullable().references('id').inTable('orders_carts').onDelete('CASCADE')
    table.uuid('variant_id').notNullable()
    table.uuid('product_id').notNullable()
    table.string('sku', 100)
    table.string('product_title', 500).notNullable()
    table.string('variant_title', 500)
    table.string('image_url', 2000)
    table.integer('quantity').notNullable()
    // Unit price snapshot in the cart's currency, refreshed whenever the cart is read.
    table.bigInteger('unit_amount').notNullable()
    table.bigInteger('compare_at_amount')
    table.integer('weight_grams')
    table.boolean('requires_shipping').notNullable().defaultTo(true)
    table.boolean('available').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    // Adding a variant already in the cart increments its line.
    table.unique(['cart_id', 'variant_id'], { indexName: 'orders_cart_lines_variant_unique' })
    table.index(['cart_id', 'created_at'], 'orders_cart_lines_cart_index')
  })
  await knex.raw(`alter table orders_cart_lines
    add constraint orders_cart_lines_quantity_check check (quantity >= 1),
    add constraint orders_cart_lines_amount_check check (unit_amount >= 0)`)

  await knex.schema.createTable('orders_cart_promotions', (table) => {
    table.uuid('cart_id').notNullable().references('id').inTable('orders_carts').onDelete('CASCADE')
    table.uuid('promotion_id').notNullable().references('id').inTable('orders_promotions').onDelete('CASCADE')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['cart_id', 'promotion_id'])
  })

  // Usage claimed by a checkout: released if the checkout aborts, kept once it completes.
  await knex.schema.createTable('orders_promotion_usages', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('promotion_id').notNullable().references('id').inTable('orders_promotions').onDelete('CASCADE')
    table.uuid('cart_id').notNullable()
    table.uuid('customer_id')
    table.string('customer_key', 80)
    table.bigInteger('discount_amount').notNullable()
    table.specificType('currency', 'char(3)').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['promotion_id', 'cart_id'], { indexName: 'orders_promotion_usages_cart_unique' })
    table.index(['cart_id'], 'orders_promotion_usages_cart_index')
  })
}

export async function down (knex: Db): Promise<void> {
  for (const table of ['orders_promotion_usages', 'orders_cart_promotions', 'orders_cart_lines', 'orders_carts']) {
    await knex.schema.dropTable(table)
  }
}
