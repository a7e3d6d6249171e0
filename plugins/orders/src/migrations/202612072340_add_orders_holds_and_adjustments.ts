import type { Db } from '@comptoir/core'

/**
 * Checkout extensions (docs/plugins/orders.md "Extending checkout"): an order may be placed on
 * hold (no fulfilment, shipment or capture until released) and carry discount lines an extension
 * added (loyalty points). Holds get a timeline kind of their own.
 */
export async function up (knex: Db): Promise<void> {
  await knex.schema.alterTable('orders_orders', (table) => {
    table.timestamp('held_at', { useTz: true })
    table.string('hold_source', 40)
    table.string('hold_reason', 500)
    table.jsonb('adjustments').notNullable().defaultTo('[]')
  })
  // Held orders are few; the review queue reads them by this partial index.
  await knex.raw('create index orders_orders_held_index on orders_orders (held_at) where held_at is not null')
  await knex.raw('alter table orders_timeline drop constraint orders_timeline_kind_check')
  await knex.raw(`alter table orders_timeline add constraint orders_timeline_kind_check
    check (kind in ('status', 'payment', 'fulfilment', 'shipment', 'return', 'refund', 'dispute', 'note', 'message', 'hold'))`)
}

export async function down (knex: Db): Promise<void> {
  await knex.raw("delete from orders_timeline where kind = 'hold'")
  await knex.raw('alter table orders_timeline drop constraint orders_timeline_kind_check')
  await knex.raw(`alter table orders_timeline add constraint orders_timeline_kind_check
    check (kind in ('status', 'payment', 'fulfilment', 'shipment', 'return', 'refund', 'dispute', 'note', 'message'))`)
  await knex.raw('drop index if exists orders_orders_held_index')
  await knex.schema.alterTable('orders_orders', (table) => {
    table.dropColumn('held_at')
    table.dropColumn('hold_source')
    table.dropColumn('hold_reason')
    table.dropColumn('adjustments')
  })
}
