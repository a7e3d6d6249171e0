import type { Db } from '@comptoir/core'

// Products the merchant never wants recommended (any placement), whatever the models say.
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('recommendations_exclusions', (table) => {
    table.uuid('product_id').primary()
    table.text('reason')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('recommendations_exclusions')
}
