import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('orders_payments', (table) => {
    table.uuid('id').primary()
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.string('provider', 40).notNullable()
    table.string('reference', 255)
    table.string('status', 24).notNullable().defaultTo('pending')
    table.specificType('currency', 'char(3)').notNullable()
    table.bigInteger('amount').notNullable()
    table.bigInteger('authorized_amount').notNullable().defaultTo(0)
    table.bigInteger('captured_amount').notNullable().defaultTo(0)
    table.bigInteger('refunded_amount').notNullable().defaultTo(0)
    table.string('failure_code', 100)
    table.string('failure_message', 500)
    table.timestamp('authorized_at', { useTz: true })
    table.timestamp('captured_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['order_id'], 'orders_payments_order_index')
  })
  await knex.raw(`alter table orders_payments
    add constraint orders_payments_status_check check (status in ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'failed', 'canceled')),
    add constraint orders_payments_amounts_check check (amount >= 0 and captured_amount >= 0 and captured_amount <= amount and refunded_amount >= 0 and refunded_amount <= captured_amount)`)
  await knex.raw('create unique index orders_payments_reference_unique on orders_payments (provider, reference) where reference is not null')

  await knex.schema.createTable('orders_refunds', (table) => {
    table.uuid('id').primary()
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.uuid('payment_id').notNullable().references('id').inTable('orders_payments').onDelete('CASCADE')
    table.uuid('return_id')
    table.string('provider', 40).notNullable()
    table.string('reference', 255)
    table.string('status', 12).notNullable().defaultTo('pending')
    table.bigInteger('amount').notNullable()
    table.string('reason', 500)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['order_id'], 'orders_refunds_order_index')
  })
  await knex.raw(`alter table orders_refunds
    add constraint orders_refunds_status_check check (status in ('pending', 'succeeded', 'failed')),
    add constraint orders_refunds_amount_check check (amount > 0)`)
  // A gateway refund reported twice (webhook redelivery) is recorded once.
  await knex.raw('create unique index orders_refunds_reference_unique on orders_refunds (provider, reference) where reference is not null')

  await knex.schema.createTable('orders_disputes', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('order_id').notNullable().references('id').inTable('orders_orders').onDelete('CASCADE')
    table.uuid('payment_id').notNullable().references('id').inTable('orders_payments').onDelete('CASCADE')
    table.string('provider', 40).notNullable()
    table.string('reference', 255).notNullable()
    table.string('status', 10).notNullable()
    table.bigInteger('amount').notNullable()
    table.string('reason', 200)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['provider', 'reference'], { indexName: 'orders_disputes_reference_unique' })
  })
  await knex.raw('alter table orders_disputes add constraint orders_disputes_status_check check (status in (\'opened\', \'won\', \'lost\', \'closed\'))')
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('orders_disputes')
  await knex.schema.dropTableIfExists('orders_refunds')
  await knex.schema.dropTableIfExists('orders_payments')
}
