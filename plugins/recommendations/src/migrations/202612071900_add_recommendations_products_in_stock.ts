import type { Db } from '@comptoir/core'

// False once every variant whose stock is known is out of stock (inventory's availability); true without inventory.
export async function up (knex: Db): Promise<void> {
  await knex.schema.alterTable('recommendations_products', (table) => {
    table.boolean('in_stock').notNullable().defaultTo(true)
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.alterTable('recommendations_products', (table) => {
    table.dropColumn('in_stock')
  })
}
