import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('loyalty_accounts', (table) => {
    // The customers plugin's id: a plain column, no foreign key (another plugin's table).
    table.uuid('customer_id').primary()
    table.integer('balance').notNullable().defaultTo(0)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  // The invariant behind "no oversell of points": a debit that would go below zero fails in SQL.
  await knex.raw('alter table loyalty_accounts add constraint loyalty_accounts_balance_check check (balance >= 0)')
  await knex.schema.createTable('loyalty_ledger', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id').notNullable()
    table.integer('points').notNullable()
    table.string('reason', 20).notNullable()
    table.uuid('order_id')
    table.string('note', 500)
    // What caused the entry (`earn:<orderId>`, `reverse:<refundId>`…): a redelivered event writes nothing twice.
    table.string('source_key', 200).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['source_key'], { indexName: 'loyalty_ledger_source_key_unique' })
    table.index(['customer_id', 'created_at', 'id'], 'loyalty_ledger_customer_index')
    table.index(['order_id'], 'loyalty_ledger_order_index')
  })
  await knex.raw("alter table loyalty_ledger add constraint loyalty_ledger_points_check check (points <> 0), add constraint loyalty_ledger_reason_check check (reason in ('earned', 'reversed', 'redeemed', 'restored', 'adjusted'))")
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('loyalty_ledger')
  await knex.schema.dropTable('loyalty_accounts')
}
