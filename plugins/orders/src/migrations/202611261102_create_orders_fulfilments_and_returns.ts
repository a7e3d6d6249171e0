import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('orders_fulfilments', (table) => {
    table.uuid('id').primary()
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.uuid('location_id')
    table.string('status', 12).notNullable().defaultTo('pending')
    table.string('carrier', 100)
    table.string('tracking_number', 100)
    table.string('tracking_url', 2000)
    table.timestamp('shipped_at', { useTz: true })
    table.timestamp('delivered_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['order_id'], 'orders_fulfilments_order_index')
  })
  await knex.raw('alter table orders_fulfilments add constraint orders_fulfilments_status_check check (status in (\'pending\', \'shipped\', \'delivered\'))')
  await knex.schema.createTable('orders_fulfilment_lines', (table) => {
    table.uuid('fulfilment_id').notNullable().references('id').inTable('orders_fulfilments').onDelete('CASCADE')
    table.uuid('line_id').notNullable().references('id').inTable('orders_lines').onDelete('CASCADE')
    table.integer('quantity').notNullable()
    table.primary(['fulfilment_id', 'line_id'])
  })
  await knex.raw('alter table orders_fulfilment_lines add constraint orders_fulfilment_lines_quantity_check check (quantity >= 1)')

  await knex.schema.createTable('orders_returns', (table) => {
    table.uuid('id').primary()
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.string('status', 12).notNullable().defaultTo('requested')
    table.string('reason', 500)
    table.uuid('location_id')
    table.bigInteger('refund_amount')
    table.uuid('exchange_order_id')
    table.timestamp('received_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['order_id'], 'orders_returns_order_index')
  })
  await knex.raw('alter table orders_returns add constraint orders_returns_status_check check (status in (\'requested\', \'received\', \'refunded\', \'cancelled\'))')
  await knex.schema.createTable('orders_return_lines', (table) => {
    table.uuid('return_id').notNullable().references('id').inTable('orders_returns').onDelete('CASCADE')
    table.uuid('line_id').notNullable().references('id').inTable('orders_lines').onDelete('CASCADE')
    table.integer('quantity').notNullable()
    table.string('disposition', 10)
    table.primary(['return_id', 'line_id'])
  })
  await knex.raw(`alter table orders_return_lines
    add constraint orders_return_lines_quantity_check check (quantity >= 1),
    add constraint orders_return_lines_disposition_check check (disposition is null or disposition in ('restock', 'write_off'))`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('orders_return_lines')
  await knex.schema.dropTableIfExists('orders_returns')
  await knex.schema.dropTableIfExists('orders_fulfilment_lines')
  await knex.schema.dropTableIfExists('orders_fulfilments')
}
