import type { Knex } from 'knex'

/** Kernel facts that outlive a process: when demo data was seeded, and so on. */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_state', (table) => {
    table.string('key', 100).primary()
    table.jsonb('value').notNullable()
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_state')
}
