import type { Db } from '@comptoir/core'

/** Categories (a tree with a materialised path) and manual collections. */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('catalog_categories', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('parent_id').references('id').inTable('catalog_categories').onDelete('RESTRICT')
    table.string('handle', 255).notNullable()
    table.string('name', 255).notNullable()
    table.text('description').notNullable().defaultTo('')
    // '/<root id>/…/<own id>/': descendants are the rows whose path starts with this one.
    table.text('path').notNullable()
    table.integer('position').notNullable().defaultTo(0)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['handle'], { indexName: 'catalog_categories_handle_unique' })
  })
  await knex.raw("alter table catalog_categories add constraint catalog_categories_handle_check check (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$')")
  await knex.raw("alter table catalog_categories add constraint catalog_categories_path_check check (path like '%/' || id::text || '/')")
  await knex.raw('create index catalog_categories_path_idx on catalog_categories (path text_pattern_ops)')
  await knex.raw('create index catalog_categories_parent_idx on catalog_categories (parent_id, position, id)')

  await knex.schema.createTable('catalog_product_categories', (table) => {
    table.uuid('product_id').notNullable().references('id').inTable('catalog_products').onDelete('CASCADE')
    table.uuid('category_id').notNullable().references('id').inTable('catalog_categories').onDelete('CASCADE')
    table.primary(['product_id', 'category_id'])
    table.index(['category_id', 'product_id'], 'catalog_product_categories_category_idx')
  })

  await knex.schema.createTable('catalog_collections', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('handle', 255).notNullable()
    table.string('title', 255).notNullable()
    table.text('description').notNullable().defaultTo('')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['handle'], { indexName: 'catalog_collections_handle_unique' })
  })
  await knex.raw("alter table catalog_collections add constraint catalog_collections_handle_check check (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$')")

  await knex.schema.createTable('catalog_collection_products', (table) => {
    table.uuid('collection_id').notNullable().references('id').inTable('catalog_collections').onDelete('CASCADE')
    table.uuid('product_id').notNullable().references('id').inTable('catalog_products').onDelete('CASCADE')
    table.integer('position').notNullable().defaultTo(0)
    table.primary(['collection_id', 'product_id'])
    table.index(['product_id'], 'catalog_collection_products_product_idx')
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('catalog_collection_products')
  await knex.schema.dropTable('catalog_collections')
  await knex.schema.dropTable('catalog_product_categories')
  await knex.schema.dropTable('catalog_categories')
}
