import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  // Human-friendly numbers, sequential per store (one database per store): #1001, #1002...
  await knex.raw('create sequence orders_order_number_seq start with 1001')
  await knex.schema.createTable('orders_orders', (table) => {
    table.uuid('id').primary()
    table.bigInteger('number').notNullable().defaultTo(knex.raw('nextval(\'orders_order_number_seq\')'))
    table.uuid('cart_id')
    table.uuid('customer_id')
    table.string('customer_pseudonym', 64)
    table.string('email', 254).notNullable()
    table.string('status', 24).notNullable().defaultTo('pending')
    table.string('payment_status', 24).notNullable().defaultTo('pending')
    table.specificType('currency', 'char(3)').notNullable()
    table.bigInteger('subtotal_amount').notNullable()
    table.bigInteger('discount_amount').notNullable()
    table.bigInteger('shipping_amount').notNullable()
    table.bigInteger('tax_amount').notNullable()
    table.bigInteger('total_amount').notNullable()
    table.bigInteger('refunded_amount').notNullable().defaultTo(0)
    table.boolean('tax_inclusive').notNullable().defaultTo(false)
    table.jsonb('shipping_address')
    table.jsonb('billing_address')
    table.jsonb('shipping_option')
    table.jsonb('promotions').notNullable().defaultTo('[]')
    table.string('cancel_reason', 100)
    table.timestamp('cancelled_at', { useTz: true })
    table.timestamp('confirmed_at', { useTz: true })
    table.timestamp('paid_at', { useTz: true })
    table.timestamp('fulfilled_at', { useTz: true })
    table.timestamp('shipped_at', { useTz: true })
    table.timestamp('delivered_at', { useTz: true })
    table.timestamp('erased_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['number'], { indexName: 'orders_orders_number_unique' })
    table.index(['customer_id', 'created_at', 'id'], 'orders_orders_customer_index')
    table.index(['created_at', 'id'], 'orders_orders_created_at_index')
    table.index(['status', 'created_at'], 'orders_orders_status_index')
  })
  await knex.raw(`alter table orders_orders
    add constraint orders_orders_status_check check (status in ('pending', 'confirmed', 'paid', 'partially_fulfilled', 'fulfilled', 'shipped', 'delivered', 'cancelled')),
    add constraint orders_orders_payment_status_check check (payment_status in ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'failed', 'canceled')),
    add constraint orders_orders_amounts_check check (subtotal_amount >= 0 and discount_amount >= 0 and shipping_amount >= 0 and tax_amount >= 0 and total_amount >= 0 and refunded_amount >= 0 and refunded_amount <= total_amount),
    add constraint orders_orders_currency_check check (currency ~ '^[A-Z]{3}$')`)
  await knex.raw('create index orders_orders_email_index on orders_orders (lower(email))')
  // One live order per cart: a second checkout of the same cart cannot create a second order
  // (an order cancelled after a declined payment leaves the cart free to try again).
  await knex.raw('create unique index orders_orders_cart_id_unique on orders_orders (cart_id) where status <> \'cancelled\'')

  await knex.schema.createTable('orders_lines', (table) => {
    table.uuid('id').primary()
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.integer('position').notNullable()
    table.uuid('variant_id').notNullable()
    table.uuid('product_id').notNullable()
    table.string('sku', 100)
    table.string('title', 500).notNullable()
    table.string('variant_title', 500)
    table.integer('quantity').notNullable()
    table.bigInteger('unit_amount').notNullable()
    table.bigInteger('subtotal_amount').notNullable()
    table.bigInteger('discount_amount').notNullable()
    table.bigInteger('tax_amount').notNullable()
    table.bigInteger('total_amount').notNullable()
    table.integer('tax_rate_bps').notNullable()
    table.boolean('requires_shipping').notNullable()
    table.integer('fulfilled_quantity').notNullable().defaultTo(0)
    table.integer('returned_quantity').notNullable().defaultTo(0)
    table.index(['order_id', 'position'], 'orders_lines_order_index')
    table.index(['variant_id'], 'orders_lines_variant_index')
  })
  // The database refuses fulfilling more than was ordered or returning more than was fulfilled.
  await knex.raw(`alter table orders_lines
    add constraint orders_lines_quantities_check check (quantity >= 1 and fulfilled_quantity >= 0 and fulfilled_quantity <= quantity and returned_quantity >= 0 and returned_quantity <= fulfilled_quantity)`)

  await knex.schema.createTable('orders_timeline', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.string('kind', 20).notNullable()
    table.string('actor_type', 10).notNullable()
    table.string('actor_id', 100).notNullable()
    table.string('from_status', 24)
    table.string('to_status', 24)
    table.string('reason', 200)
    table.text('body')
    table.string('channel', 10)
    table.string('visibility', 10).notNullable().defaultTo('internal')
    table.string('author', 200)
    table.jsonb('data')
    // clock_timestamp, not now(): entries written in one transaction must keep their order.
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.raw('clock_timestamp()'))
    table.index(['order_id', 'created_at'], 'orders_timeline_order_index')
  })
  await knex.raw(`alter table orders_timeline
    add constraint orders_timeline_kind_check check (kind in ('status', 'payment', 'fulfilment', 'shipment', 'return', 'refund', 'dispute', 'note', 'message')),
    add constraint orders_timeline_channel_check check (channel is null or channel in ('email', 'phone', 'chat', 'note')),
    add constraint orders_timeline_visibility_check check (visibility in ('internal', 'customer'))`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('orders_timeline')
  await knex.schema.dropTableIfExists('orders_lines')
  await knex.schema.dropTableIfExists('orders_orders')
  await knex.raw('drop sequence if exists orders_order_number_seq')
}
