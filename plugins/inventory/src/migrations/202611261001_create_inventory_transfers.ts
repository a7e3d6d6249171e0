import type { Db } from '@comptoir/core'

/** Transfers between locations (requested → in transit → received), replenishment results, stock CSV imports. */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('inventory_transfers', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('from_location_id').notNullable().references('id').inTable('inventory_locations')
    table.uuid('to_location_id').notNullable().references('id').inTable('inventory_locations')
    table.string('status', 16).notNullable().defaultTo('requested')
    table.string('note', 1000)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('shipped_at', { useTz: true })
    table.timestamp('received_at', { useTz: true })
    table.index(['created_at', 'id'], 'inventory_transfers_newest_idx')
  })
  await knex.raw(`alter table inventory_transfers
    add constraint inventory_transfers_status_check check (status in ('requested', 'in_transit', 'received', 'cancelled')),
    add constraint inventory_transfers_locations_check check (from_location_id <> to_location_id)`)
  await knex.schema.createTable('inventory_transfer_lines', (table) => {
    table.uuid('transfer_id').notNullable().references('id').inTable('inventory_transfers').onDelete('CASCADE')
    table.uuid('item_id').notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
    table.uuid('variant_id').notNullable()
    table.integer('quantity').notNullable()
    table.primary(['transfer_id', 'item_id'])
    table.check('?? > 0', ['quantity'], 'inventory_transfer_lines_quantity_check')
  })

  await knex.schema.createTable('inventory_replenishment', (table) => {
    table.uuid('item_id').primary().references('id').inTable('inventory_items').onDelete('CASCADE')
    table.uuid('variant_id').notNullable()
    table.decimal('daily_demand', 14, 4).notNullable()
    table.integer('available').notNullable()
    table.integer('incoming').notNullable()
    table.integer('lead_time_days').notNullable()
    table.integer('reorder_point').notNullable()
    table.integer('suggested_quantity').notNullable()
    table.decimal('days_of_cover', 14, 2)
    table.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })

  await knex.schema.createTable('inventory_imports', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('status', 16).notNullable().defaultTo('queued')
    table.string('filename', 255)
    table.binary('data')
    table.integer('rows_total').notNullable().defaultTo(0)
    table.integer('rows_processed').notNullable().defaultTo(0)
    table.integer('rows_failed').notNullable().defaultTo(0)
    table.text('error')
    table.string('created_by', 255)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('started_at', { useTz: true })
    table.timestamp('finished_at', { useTz: true })
    table.index(['created_at', 'id'], 'inventory_imports_newest_idx')
  })
  await knex.raw("alter table inventory_imports add constraint inventory_imports_status_check check (status in ('queued', 'running', 'completed', 'failed'))")
  await knex.schema.createTable('inventory_import_errors', (table) => {
    table.bigIncrements('id').primary()
    table.uuid('import_id').notNullable().references('id').inTable('inventory_imports').onDelete('CASCADE')
    table.integer('row').notNullable()
    table.string('column', 100)
    table.string('reason', 1000).notNullable()
    table.index(['import_id', 'id'], 'inventory_import_errors_import_idx')
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('inventory_import_errors')
  await knex.schema.dropTable('inventory_imports')
  await knex.schema.dropTable('inventory_replenishment')
  await knex.schema.dropTable('inventory_transfer_lines')
  await knex.schema.dropTable('inventory_transfers')
}
