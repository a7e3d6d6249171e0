import type { Db } from '@comptoir/core'

/**
 * Purchase orders (draft → sent → partially_received → received, or cancelled), their lines, and
 * receipts. Totals stay within 2^53 − 1 minor units (exact as JSON numbers). A receipt's `reference` (the delivery note) is unique per order: a retried receipt finds
 * the first one instead of counting the units twice. Totals are in the supplier's currency.
 */
export async function up (knex: Db): Promise<void> {
  await knex.raw('create sequence suppliers_purchase_order_number_seq')
  await knex.schema.createTable('suppliers_purchase_orders', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('number', 50).notNullable().unique('suppliers_purchase_orders_number_key')
    table.uuid('supplier_id').notNullable().references('id').inTable('suppliers_suppliers')
    // An inventory location (no foreign key: inventory owns locations).
    table.uuid('location_id').notNullable()
    table.string('status', 20).notNullable().defaultTo('draft')
    table.specificType('currency', 'char(3)').notNullable()
    table.bigInteger('subtotal_amount').notNullable().defaultTo(0)
    // Freight, duties, fees: spread over the lines by value into the landed cost per unit.
    table.bigInteger('extra_costs_amount').notNullable().defaultTo(0)
    table.date('expected_on')
    table.string('note', 2000)
    table.timestamp('sent_at', { useTz: true })
    table.timestamp('received_at', { useTz: true })
    table.timestamp('cancelled_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['supplier_id', 'status'], 'suppliers_purchase_orders_supplier_idx')
    table.index(['status', 'id'], 'suppliers_purchase_orders_status_idx')
  })
  await knex.raw(`alter table suppliers_purchase_orders
    add constraint suppliers_purchase_orders_status_check check (status in ('draft', 'sent', 'partially_received', 'received', 'cancelled')),
    add constraint suppliers_purchase_orders_amounts_check check (subtotal_amount >= 0 and extra_costs_amount >= 0 and subtotal_amount + extra_costs_amount <= 9007199254740991)`)

  await knex.schema.createTable('suppliers_purchase_order_lines', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('purchase_order_id').notNullable().references('id').inTable('suppliers_purchase_orders').onDelete('CASCADE')
    table.integer('position').notNullable()
    table.uuid('variant_id').notNullable()
    table.string('supplier_sku', 255)
    table.integer('quantity').notNullable()
    table.integer('received_quantity').notNullable().defaultTo(0)
    table.integer('rejected_quantity').notNullable().defaultTo(0)
    table.bigInteger('unit_cost_amount').notNullable()
    table.date('expected_on')
    table.unique(['purchase_order_id', 'variant_id'], { indexName: 'suppliers_purchase_order_lines_variant_key' })
    table.index(['variant_id'], 'suppliers_purchase_order_lines_variant_idx')
  })
  await knex.raw(`alter table suppliers_purchase_order_lines
    add constraint suppliers_purchase_order_lines_quantity_check check (quantity >= 1 and received_quantity >= 0 and rejected_quantity >= 0),
    add constraint suppliers_purchase_order_lines_cost_check check (unit_cost_amount >= 0)`)

  await knex.schema.createTable('suppliers_receipts', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('purchase_order_id').notNullable().references('id').inTable('suppliers_purchase_orders').onDelete('CASCADE')
    table.string('reference', 255).notNullable()
    table.uuid('location_id').notNullable()
    table.string('note', 2000)
    table.timestamp('received_at', { useTz: true }).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['purchase_order_id', 'reference'], { indexName: 'suppliers_receipts_reference_key' })
  })
  await knex.schema.createTable('suppliers_receipt_lines', (table) => {
    table.uuid('receipt_id').notNullable().references('id').inTable('suppliers_receipts').onDelete('CASCADE')
    table.uuid('line_id').notNullable().references('id').inTable('suppliers_purchase_order_lines').onDelete('CASCADE')
    table.uuid('variant_id').notNullable()
    table.integer('accepted_quantity').notNullable()
    table.integer('rejected_quantity').notNullable()
    // Units accepted beyond what was still outstanding (over-delivery).
    table.integer('over_quantity').notNullable()
    table.string('reason', 500)
    table.bigInteger('unit_cost_amount').notNullable()
    table.bigInteger('landed_unit_cost_amount').notNullable()
    table.boolean('on_time').notNullable()
    table.primary(['receipt_id', 'line_id'])
  })
  await knex.raw(`alter table suppliers_receipt_lines
    add constraint suppliers_receipt_lines_quantity_check check (accepted_quantity >= 0 and rejected_quantity >= 0 and over_quantity >= 0 and accepted_quantity + rejected_quantity >= 1)`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('suppliers_receipt_lines')
  await knex.schema.dropTable('suppliers_receipts')
  await knex.schema.dropTable('suppliers_purchase_order_lines')
  await knex.schema.dropTable('suppliers_purchase_orders')
  await knex.raw('drop sequence if exists suppliers_purchase_order_number_seq')
}
