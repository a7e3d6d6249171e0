// The probe plugin's tables (plain JavaScript: the migration loader of the built CLI imports it natively).

/** @param {import('knex').Knex} knex */
export async function up (knex) {
  await knex.schema.createTable('probe_order_effects', (table) => {
    table.uuid('event_id').primary()
    table.uuid('order_id').notNullable()
    table.integer('deliveries').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('probe_ticks', (table) => {
    table.string('job_id', 200).primary()
    table.integer('runs').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

/** @param {import('knex').Knex} knex */
export async function down (knex) {
  await knex.schema.dropTable('probe_ticks')
  await knex.schema.dropTable('probe_order_effects')
}
