import type { Db } from '@comptoir/core'

/** Product CSV imports: the uploaded file in chunks (read back as a stream by the job), status and row errors. */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('catalog_imports', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('status', 16).notNullable().defaultTo('uploading')
    table.string('filename', 255)
    table.bigInteger('bytes_total').notNullable().defaultTo(0)
    table.bigInteger('bytes_read').notNullable().defaultTo(0)
    table.integer('rows_processed').notNullable().defaultTo(0)
    table.integer('rows_failed').notNullable().defaultTo(0)
    table.integer('products_created').notNullable().defaultTo(0)
    table.integer('products_updated').notNullable().defaultTo(0)
    table.integer('variants_created').notNullable().defaultTo(0)
    table.integer('variants_updated').notNullable().defaultTo(0)
    table.text('error')
    table.string('created_by', 255)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('started_at', { useTz: true })
    table.timestamp('finished_at', { useTz: true })
  })
  await knex.raw("alter table catalog_imports add constraint catalog_imports_status_check check (status in ('uploading', 'queued', 'running', 'completed', 'failed'))")
  await knex.raw('create index catalog_imports_newest_idx on catalog_imports (created_at, id)')

  await knex.schema.createTable('catalog_import_chunks', (table) => {
    table.uuid('import_id').notNullable().references('id').inTable('catalog_imports').onDelete('CASCADE')
    table.integer('seq').notNullable()
    table.binary('data').notNullable()
    table.primary(['import_id', 'seq'])
  })

  await knex.schema.createTable('catalog_import_errors', (table) => {
    table.bigIncrements('id').primary()
    table.uuid('import_id').notNullable().references('id').inTable('catalog_imports').onDelete('CASCADE')
    table.integer('row').notNullable()
    table.string('column', 100)
    table.string('reason', 1000).notNullable()
    table.index(['import_id', 'id'], 'catalog_import_errors_import_idx')
  })
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('catalog_import_errors')
  await knex.schema.dropTable('catalog_import_chunks')
  await knex.schema.dropTable('catalog_imports')
}
