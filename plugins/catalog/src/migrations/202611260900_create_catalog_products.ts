import type { Db } from '@comptoir/core'

/** Products, their options (at most 3, like Shopify), variants and images. */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('catalog_products', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('handle', 255).notNullable()
    table.string('title', 500).notNullable()
    table.text('description').notNullable().defaultTo('')
    table.string('status', 16).notNullable().defaultTo('draft')
    table.string('vendor', 255)
    table.string('product_type', 255)
    table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
    table.jsonb('metadata').notNullable().defaultTo('{}')
    table.string('seo_title', 255)
    table.string('seo_description', 1000)
    table.timestamp('published_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['handle'], { indexName: 'catalog_products_handle_unique' })
  })
  await knex.raw("alter table catalog_products add constraint catalog_products_status_check check (status in ('draft', 'published', 'archived'))")
  await knex.raw("alter table catalog_products add constraint catalog_products_handle_check check (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$')")
  // Keyset pagination of the storefront list (published only) and of the admin list.
  await knex.raw("create index catalog_products_published_newest_idx on catalog_products (created_at, id) where status = 'published'")
  await knex.raw("create index catalog_products_published_title_idx on catalog_products (title, id) where status = 'published'")
  await knex.raw('create index catalog_products_newest_idx on catalog_products (created_at, id)')
  await knex.raw('create index catalog_products_tags_idx on catalog_products using gin (tags)')

  await knex.schema.createTable('catalog_product_options', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('product_id').notNullable().references('id').inTable('catalog_products').onDelete('CASCADE')
    table.smallint('position').notNullable()
    table.string('name', 100).notNullable()
    table.specificType('values', 'text[]').notNullable().defaultTo('{}')
    table.unique(['product_id', 'position'], { indexName: 'catalog_product_options_position_unique' })
  })
  await knex.raw('alter table catalog_product_options add constraint catalog_product_options_position_check check (position between 1 and 3)')
  await knex.raw('create unique index catalog_product_options_name_unique on catalog_product_options (product_id, lower(name))')

  await knex.schema.createTable('catalog_variants', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('product_id').notNullable().references('id').inTable('catalog_products').onDelete('CASCADE')
    table.string('sku', 255)
    // Values of the product's options 1..3, by position; null where the product has fewer options.
    table.string('option1', 255)
    table.string('option2', 255)
    table.string('option3', 255)
    table.integer('position').notNullable().defaultTo(0)
    table.string('barcode', 255)
    table.integer('weight_grams')
    table.integer('length_mm')
    table.integer('width_mm')
    table.integer('height_mm')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['sku'], { indexName: 'catalog_variants_sku_unique' })
  })
  await knex.raw(`alter table catalog_variants add constraint catalog_variants_measures_check
    check (coalesce(weight_grams, 0) >= 0 and coalesce(length_mm, 0) >= 0 and coalesce(width_mm, 0) >= 0 and coalesce(height_mm, 0) >= 0)`)
  // The option values identify a variant within its product.
  await knex.raw(`create unique index catalog_variants_options_unique on catalog_variants
    (product_id, coalesce(option1, ''), coalesce(option2, ''), coalesce(option3, ''))`)
  await knex.raw('create index catalog_variants_product_idx on catalog_variants (product_id, position, id)')

  await knex.schema.createTable('catalog_images', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('product_id').notNullable().references('id').inTable('catalog_products').onDelete('CASCADE')
    table.string('url', 2048).notNullable()
    table.string('alt', 512)
    table.integer('position').notNullable().defaultTo(0)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['product_id', 'url'], { indexName: 'catalog_images_product_url_unique' })
  })
  await knex.raw('create index catalog_images_product_idx on catalog_images (product_id, position, id)')

  await knex.schema.createTable('catalog_image_variants', (table) => {
    table.uuid('image_id').notNullable().references('id').inTable('catalog_images').onDelete('CASCADE')
    table.uuid('variant_id').notNullable().references('id').inTable('catalog_variants').onDelete('CASCADE')
    table.primary(['image_id', 'variant_id'])
    table.index(['variant_id'], 'catalog_image_variants_variant_idx')
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('catalog_image_variants')
  await knex.schema.dropTable('catalog_images')
  await knex.schema.dropTable('catalog_variants')
  await knex.schema.dropTable('catalog_product_options')
  await knex.schema.dropTable('catalog_products')
}
