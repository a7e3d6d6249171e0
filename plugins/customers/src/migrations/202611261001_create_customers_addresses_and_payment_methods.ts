import type { Db } from '@comptoir/core'

/** A card number is 12–19 digits, possibly grouped by spaces or dashes: no text column may hold one. */
// knex.raw reads a bare ? as a binding: \\? keeps the regex's ? literal.
const noCardNumber = (column: string): string => `${column} !~ '([0-9][ -]\\?){12,}'`

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('customers_addresses', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id').notNullable().references('id').inTable('customers_customers').onDelete('CASCADE')
    table.string('first_name', 100)
    table.string('last_name', 100)
    table.string('company', 100)
    table.string('line1', 200).notNullable()
    table.string('line2', 200)
    table.string('city', 100).notNullable()
    table.string('region', 100)
    table.string('postal_code', 20)
    table.specificType('country_code', 'char(2)').notNullable()
    table.string('phone', 40)
    table.boolean('is_default_shipping').notNullable().defaultTo(false)
    table.boolean('is_default_billing').notNullable().defaultTo(false)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id', 'created_at', 'id'], 'customers_addresses_customer_index')
  })
  await knex.raw("alter table customers_addresses add constraint customers_addresses_country_check check (country_code ~ '^[A-Z]{2}$')")
  // At most one default shipping and one default billing address per customer.
  await knex.raw('create unique index customers_addresses_default_shipping_unique on customers_addresses (customer_id) where is_default_shipping')
  await knex.raw('create unique index customers_addresses_default_billing_unique on customers_addresses (customer_id) where is_default_billing')

  // Gateway references only (PCI DSS: we never see a PAN); the checks make storing one impossible.
  await knex.schema.createTable('customers_payment_methods', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id').notNullable().references('id').inTable('customers_customers').onDelete('CASCADE')
    table.string('gateway', 40).notNullable()
    table.string('gateway_customer_id', 255)
    table.string('gateway_method_id', 255).notNullable()
    table.string('brand', 20)
    table.specificType('last4', 'char(4)')
    table.smallint('exp_month')
    table.smallint('exp_year')
    table.boolean('is_default').notNullable().defaultTo(false)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id', 'created_at', 'id'], 'customers_payment_methods_customer_index')
    table.unique(['gateway', 'gateway_method_id'], { indexName: 'customers_payment_methods_gateway_method_unique' })
  })
  await knex.raw(`alter table customers_payment_methods
    add constraint customers_payment_methods_gateway_check check (gateway ~ '^[a-z][a-z0-9_-]{0,39}$' and ${noCardNumber('gateway')}),
    add constraint customers_payment_methods_gateway_customer_id_check check (${noCardNumber('gateway_customer_id')}),
    add constraint customers_payment_methods_gateway_method_id_check check (${noCardNumber('gateway_method_id')}),
    add constraint customers_payment_methods_brand_check check (brand ~ '^[a-z][a-z_ -]{0,19}$'),
    add constraint customers_payment_methods_last4_check check (last4 ~ '^[0-9]{4}$'),
    add constraint customers_payment_methods_exp_month_check check (exp_month between 1 and 12),
    add constraint customers_payment_methods_exp_year_check check (exp_year between 2000 and 2100)`)
  await knex.raw('create unique index customers_payment_methods_default_unique on customers_payment_methods (customer_id) where is_default')
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('customers_payment_methods')
  await knex.schema.dropTable('customers_addresses')
}
