import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('orders_shipping_zones', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.schema.createTable('orders_shipping_zone_countries', (table) => {
    table.uuid('zone_id').notNullable().references('id').inTable('orders_shipping_zones').onDelete('CASCADE')
    table.specificType('country', 'char(2)').notNullable()
    table.primary(['zone_id', 'country'])
    // Options are looked up by the shipping address's country.
    table.index(['country'], 'orders_shipping_zone_countries_country_index')
  })
  await knex.schema.createTable('orders_shipping_options', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('zone_id').notNullable().references('id').inTable('orders_shipping_zones').onDelete('CASCADE')
    table.string('name', 200).notNullable()
    table.specificType('currency', 'char(3)').notNullable()
    table.string('rate_type', 10).notNullable()
    table.bigInteger('flat_amount')
    table.jsonb('weight_rates')
    table.bigInteger('free_over_amount')
    table.boolean('active').notNullable().defaultTo(true)
    table.integer('position').notNullable().defaultTo(0)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['zone_id', 'position'], 'orders_shipping_options_zone_index')
  })
  await knex.raw(`alter table orders_shipping_options
    add constraint orders_shipping_options_rate_check check (
      (rate_type = 'flat' and flat_amount is not null and flat_amount >= 0)
      or (rate_type = 'weight' and weight_rates is not null)),
    add constraint orders_shipping_options_free_over_check check (free_over_amount is null or free_over_amount >= 0)`)

  await knex.schema.createTable('orders_tax_rates', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.specificType('country', 'char(2)').notNullable()
    table.string('region', 100)
    table.string('name', 100).notNullable()
    table.integer('rate_bps').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('alter table orders_tax_rates add constraint orders_tax_rates_rate_check check (rate_bps between 0 and 10000)')
  // One rate per country and region (a null region is the country's default rate).
  await knex.raw('create unique index orders_tax_rates_place_unique on orders_tax_rates (country, coalesce(region, \'\'))')

  await knex.schema.createTable('orders_promotions', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('code', 64).notNullable()
    table.string('description', 500)
    table.string('kind', 12).notNullable()
    table.integer('percent_bps')
    table.bigInteger('amount')
    table.specificType('currency', 'char(3)')
    table.bigInteger('min_subtotal_amount')
    table.timestamp('starts_at', { useTz: true })
    table.timestamp('ends_at', { useTz: true })
    table.integer('usage_limit')
    table.integer('usage_limit_per_customer')
    table.integer('usage_count').notNullable().defaultTo(0)
    table.boolean('active').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw(`alter table orders_promotions
    add constraint orders_promotions_kind_check check (
      (kind = 'percentage' and percent_bps between 1 and 10000)
      or (kind = 'fixed' and amount > 0 and currency is not null)),
    add constraint orders_promotions_min_subtotal_check check (min_subtotal_amount is null or (min_subtotal_amount >= 0 and currency is not null)),
    add constraint orders_promotions_dates_check check (starts_at is null or ends_at is null or starts_at < ends_at),
    -- The last guard of the usage limit: claims are conditional updates, this catches any other path.
    add constraint orders_promotions_usage_check check (usage_count >= 0 and (usage_limit is null or usage_count <= usage_limit)),
    add constraint orders_promotions_limits_check check ((usage_limit is null or usage_limit >= 0) and (usage_limit_per_customer is null or usage_limit_per_customer >= 1))`)
  await knex.raw('create unique index orders_promotions_code_unique on orders_promotions (upper(code))')

  // Per-customer usage counters; `customer_key` is `customer:<id>` or `email:<sha256 of the lower-cased email>`.
  await knex.schema.createTable('orders_promotion_customer_usages', (table) => {
    table.uuid('promotion_id').notNullable().references('id').inTable('orders_promotions').onDelete('CASCADE')
    table.string('customer_key', 80).notNullable()
    table.integer('usage_count').notNullable()
    table.primary(['promotion_id', 'customer_key'])
  })
  await knex.raw('alter table orders_promotion_customer_usages add constraint orders_promotion_customer_usages_count_check check (usage_count >= 0)')
}

export async function down (knex: Db): Promise<void> {
  for (const table of ['orders_promotion_customer_usages', 'orders_promotions', 'orders_tax_rates', 'orders_shipping_options', 'orders_shipping_zone_countries', 'orders_shipping_zones']) {
    await knex.schema.dropTable(table)
  }
}
