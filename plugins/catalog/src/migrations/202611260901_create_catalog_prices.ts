import type { Db } from '@comptoir/core'

/** Base prices per variant and currency, price lists (sales) and the effective-price view. */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('catalog_prices', (table) => {
    table.uuid('variant_id').notNullable().references('id').inTable('catalog_variants').onDelete('CASCADE')
    table.specificType('currency', 'char(3)').notNullable()
    table.bigInteger('amount').notNullable()
    table.bigInteger('compare_at_amount')
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['variant_id', 'currency'])
  })
  await knex.raw(`alter table catalog_prices add constraint catalog_prices_amount_check
    check (amount >= 0 and coalesce(compare_at_amount, 0) >= 0 and currency ~ '^[A-Z]{3}$')`)

  await knex.schema.createTable('catalog_price_lists', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.timestamp('starts_at', { useTz: true })
    table.timestamp('ends_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('alter table catalog_price_lists add constraint catalog_price_lists_period_check check (ends_at is null or starts_at is null or ends_at > starts_at)')
  await knex.raw('create index catalog_price_lists_name_idx on catalog_price_lists (name, id)')

  await knex.schema.createTable('catalog_price_list_prices', (table) => {
    table.uuid('price_list_id').notNullable().references('id').inTable('catalog_price_lists').onDelete('CASCADE')
    table.uuid('variant_id').notNullable().references('id').inTable('catalog_variants').onDelete('CASCADE')
    table.specificType('currency', 'char(3)').notNullable()
    table.bigInteger('amount').notNullable()
    table.primary(['price_list_id', 'variant_id', 'currency'])
  })
  await knex.raw("alter table catalog_price_list_prices add constraint catalog_price_list_prices_amount_check check (amount >= 0 and currency ~ '^[A-Z]{3}$')")
  await knex.raw('create index catalog_price_list_prices_variant_idx on catalog_price_list_prices (variant_id, currency)')

  // The price a customer pays now: the lowest price of an active list overrides the base price;
  // the base price (or its compare-at, if higher) becomes the compare-at while a sale runs.
  await knex.raw(`create view catalog_effective_prices as
    select p.variant_id, p.currency,
      coalesce(s.amount, p.amount) as amount,
      case when s.amount is null then p.compare_at_amount
           when greatest(p.amount, coalesce(p.compare_at_amount, 0)) > s.amount then greatest(p.amount, coalesce(p.compare_at_amount, 0))
           else null end as compare_at_amount,
      s.price_list_id
    from catalog_prices p
    left join lateral (
      select lp.amount, lp.price_list_id
      from catalog_price_list_prices lp
      join catalog_price_lists l on l.id = lp.price_list_id
      where lp.variant_id = p.variant_id and lp.currency = p.currency
        and (l.starts_at is null or l.starts_at <= now()) and (l.ends_at is null or l.ends_at > now())
      order by lp.amount, lp.price_list_id
      limit 1
    ) s on true`)
}

export async function down (knex: Db): Promise<void> {
  await knex.raw('drop view catalog_effective_prices')
  await knex.schema.dropTable('catalog_price_list_prices')
  await knex.schema.dropTable('catalog_price_lists')
  await knex.schema.dropTable('catalog_prices')
}
