import type { Db } from '@comptoir/core'

/**
 * Suppliers and what each sells us: a supplier item links a catalog variant (no foreign key:
 * catalog owns variants) to the supplier's SKU and cost. At most one preferred supplier per variant,
 * kept by a partial unique index.
 */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('suppliers_suppliers', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.string('code', 50)
    table.specificType('currency', 'char(3)').notNullable()
    // Staff of the supplier (name, email, phone, role): B2B contact data, see docs/plugins/suppliers.md.
    table.jsonb('contacts').notNullable().defaultTo('[]')
    table.string('payment_terms', 200)
    table.integer('payment_terms_days')
    table.integer('lead_time_days').notNullable().defaultTo(7)
    table.bigInteger('minimum_order_amount')
    table.boolean('active').notNullable().defaultTo(true)
    table.string('notes', 2000)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('create unique index suppliers_suppliers_name_key on suppliers_suppliers (lower(name))')
  await knex.raw(`alter table suppliers_suppliers
    add constraint suppliers_suppliers_lead_time_check check (lead_time_days between 0 and 365),
    add constraint suppliers_suppliers_terms_check check (payment_terms_days is null or payment_terms_days between 0 and 365),
    add constraint suppliers_suppliers_minimum_check check (minimum_order_amount is null or minimum_order_amount >= 0)`)

  await knex.schema.createTable('suppliers_items', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('supplier_id').notNullable().references('id').inTable('suppliers_suppliers').onDelete('CASCADE')
    table.uuid('variant_id').notNullable()
    table.string('supplier_sku', 255).notNullable()
    table.bigInteger('cost_amount').notNullable()
    table.specificType('currency', 'char(3)').notNullable()
    table.integer('pack_size').notNullable().defaultTo(1)
    table.integer('minimum_order_quantity').notNullable().defaultTo(1)
    table.integer('lead_time_days')
    table.boolean('preferred').notNullable().defaultTo(false)
    table.boolean('active').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['supplier_id', 'variant_id'], { indexName: 'suppliers_items_supplier_variant_key' })
    table.index(['variant_id'], 'suppliers_items_variant_idx')
  })
  await knex.raw('create unique index suppliers_items_preferred_key on suppliers_items (variant_id) where preferred')
  await knex.raw(`alter table suppliers_items
    add constraint suppliers_items_cost_check check (cost_amount >= 0),
    add constraint suppliers_items_pack_check check (pack_size >= 1),
    add constraint suppliers_items_moq_check check (minimum_order_quantity >= 1),
    add constraint suppliers_items_lead_time_check check (lead_time_days is null or lead_time_days between 0 and 365)`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('suppliers_items')
  await knex.schema.dropTable('suppliers_suppliers')
}
