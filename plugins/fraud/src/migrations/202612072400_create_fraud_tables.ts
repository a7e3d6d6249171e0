import type { Db } from '@comptoir/core'

/**
 * Fraud's own tables. Order, cart and customer ids are plain indexed columns (no foreign keys
 * into other plugins). Emails, IPs, device ids and card fingerprints are matched by keyed hash
 * (`*_hash`); the plain email is kept only on assessments, for the reviewer, and erased on request.
 */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('fraud_assessments', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('order_id').unique()
    table.string('order_number', 40)
    table.uuid('cart_id').notNullable()
    table.uuid('customer_id')
    table.string('customer_pseudonym', 100)
    table.string('email', 320)
    table.string('email_hash', 64).notNullable()
    table.string('ip_hash', 64)
    table.string('device_hash', 64)
    table.string('billing_country', 2)
    table.string('currency', 3).notNullable()
    table.bigInteger('total_amount').notNullable()
    table.integer('score').notNullable()
    table.string('decision', 10).notNullable()
    table.string('status', 10).notNullable()
    table.jsonb('reasons').notNullable().defaultTo('[]')
    table.jsonb('radar')
    table.string('reviewed_by', 100)
    table.timestamp('reviewed_at', { useTz: true })
    table.string('review_note', 2000)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['status', 'created_at'], 'fraud_assessments_status_index')
    table.index(['email_hash'], 'fraud_assessments_email_index')
    table.index(['customer_id'], 'fraud_assessments_customer_index')
    table.index(['currency', 'created_at'], 'fraud_assessments_currency_index')
  })
  await knex.raw(`alter table fraud_assessments
    add constraint fraud_assessments_score_check check (score between 0 and 100),
    add constraint fraud_assessments_decision_check check (decision in ('allow', 'review', 'block')),
    add constraint fraud_assessments_status_check check (status in ('allowed', 'held', 'approved', 'rejected', 'blocked'))`)

  // Sliding windows as 5-minute buckets: one upserted row per (dimension, key, kind, bucket), so
  // concurrent checkouts increment the same row atomically and none is lost.
  await knex.schema.createTable('fraud_velocity_counters', (table) => {
    table.string('dimension', 10).notNullable()
    table.string('key_hash', 64).notNullable()
    table.string('kind', 10).notNullable()
    table.bigInteger('bucket').notNullable()
    table.integer('count').notNullable()
    table.primary(['dimension', 'key_hash', 'kind', 'bucket'])
    table.index(['bucket'], 'fraud_velocity_counters_bucket_index')
  })

  await knex.schema.createTable('fraud_card_links', (table) => {
    table.string('email_hash', 64).notNullable()
    table.string('card_hash', 64).notNullable()
    table.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['email_hash', 'card_hash'])
  })

  await knex.schema.createTable('fraud_block_list', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('kind', 12).notNullable()
    table.string('value', 500).notNullable()
    table.string('value_hash', 64).notNullable()
    table.string('note', 500)
    table.string('created_by', 100).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['kind', 'value_hash'], { indexName: 'fraud_block_list_value_unique' })
    table.index(['value_hash'], 'fraud_block_list_hash_index')
  })
  await knex.raw("alter table fraud_block_list add constraint fraud_block_list_kind_check check (kind in ('email', 'email_domain', 'ip', 'device', 'address', 'card'))")

  await knex.schema.createTable('fraud_labels', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('order_id').notNullable()
    table.string('label', 10).notNullable()
    table.string('source', 20).notNullable()
    table.string('event_id', 100)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['order_id', 'source'], { indexName: 'fraud_labels_order_source_unique' })
  })
  await knex.raw(`alter table fraud_labels
    add constraint fraud_labels_label_check check (label in ('fraud', 'legit')),
    add constraint fraud_labels_source_check check (source in ('dispute', 'chargeback', 'manual_rejection', 'manual_approval'))`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('fraud_labels')
  await knex.schema.dropTableIfExists('fraud_block_list')
  await knex.schema.dropTableIfExists('fraud_card_links')
  await knex.schema.dropTableIfExists('fraud_velocity_counters')
  await knex.schema.dropTableIfExists('fraud_assessments')
}
