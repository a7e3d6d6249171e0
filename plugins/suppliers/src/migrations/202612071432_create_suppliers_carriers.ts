import type { Db } from '@comptoir/core'

/**
 * Carriers, their services (transit days, cut-off time), delivery zones (sets of countries) and a
 * rate per service and zone. Each active rate is offered at checkout as a shipping option (its id
 * is the option id) through orders' shipping option provider registry.
 */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('suppliers_carriers', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.string('code', 50).notNullable().unique('suppliers_carriers_code_key')
    table.string('tracking_url_template', 1000)
    table.boolean('active').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('suppliers_carrier_services', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('carrier_id').notNullable().references('id').inTable('suppliers_carriers').onDelete('CASCADE')
    table.string('name', 200).notNullable()
    table.string('code', 50).notNullable()
    table.integer('transit_days').notNullable()
    // 'HH:MM' UTC: orders placed after it leave the next day.
    table.string('cutoff_time', 5)
    table.boolean('active').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['carrier_id', 'code'], { indexName: 'suppliers_carrier_services_code_key' })
  })
  await knex.raw('alter table suppliers_carrier_services add constraint suppliers_carrier_services_transit_check check (transit_days between 0 and 365)')
  await knex.schema.createTable('suppliers_delivery_zones', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('suppliers_delivery_zone_countries', (table) => {
    table.uuid('zone_id').notNullable().references('id').inTable('suppliers_delivery_zones').onDelete('CASCADE')
    table.specificType('country', 'char(2)').notNullable()
    table.primary(['zone_id', 'country'])
    table.index(['country'], 'suppliers_delivery_zone_countries_country_idx')
  })
  await knex.schema.createTable('suppliers_carrier_rates', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('service_id').notNullable().references('id').inTable('suppliers_carrier_services').onDelete('CASCADE')
    table.uuid('zone_id').notNullable().references('id').inTable('suppliers_delivery_zones').onDelete('CASCADE')
    table.specificType('currency', 'char(3)').notNullable()
    table.string('rate_type', 10).notNullable()
    table.bigInteger('flat_amount')
    table.jsonb('weight_rates')
    table.bigInteger('free_over_amount')
    table.boolean('active').notNullable().defaultTo(true)
    table.integer('position').notNullable().defaultTo(100)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['service_id', 'zone_id', 'currency'], { indexName: 'suppliers_carrier_rates_key' })
  })
  await knex.raw(`alter table suppliers_carrier_rates
    add constraint suppliers_carrier_rates_type_check check (rate_type in ('flat', 'weight')),
    add constraint suppliers_carrier_rates_rate_check check ((rate_type = 'flat' and flat_amount is not null and flat_amount >= 0) or (rate_type = 'weight' and weight_rates is not null)),
    add constraint suppliers_carrier_rates_free_over_check check (free_over_amount is null or free_over_amount >= 0)`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('suppliers_carrier_rates')
  await knex.schema.dropTable('suppliers_delivery_zone_countries')
  await knex.schema.dropTable('suppliers_delivery_zones')
  await knex.schema.dropTable('suppliers_carrier_services')
  await knex.schema.dropTable('suppliers_carriers')
}
