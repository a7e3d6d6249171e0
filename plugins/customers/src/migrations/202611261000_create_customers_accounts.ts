import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('customers_customers', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('email', 254).notNullable()
    table.string('password_hash', 255)
    table.string('status', 10).notNullable().defaultTo('active')
    table.string('first_name', 100)
    table.string('last_name', 100)
    table.string('phone', 40)
    table.string('locale', 35)
    table.specificType('preferred_currency', 'char(3)')
    table.string('preferred_channel', 10).notNullable().defaultTo('email')
    table.boolean('order_updates').notNullable().defaultTo(true)
    table.timestamp('email_verified_at', { useTz: true })
    table.timestamp('disabled_at', { useTz: true })
    table.timestamp('erased_at', { useTz: true })
    /** Set at erasure: the id other plugins' kept records (orders, payments) now point to. */
    table.string('pseudonym', 64)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['created_at', 'id'], 'customers_customers_created_at_id_index')
  })
  await knex.raw(`alter table customers_customers
    add constraint customers_customers_status_check check (status in ('active', 'disabled', 'erased')),
    add constraint customers_customers_channel_check check (preferred_channel in ('email', 'sms', 'phone', 'none')),
    add constraint customers_customers_currency_check check (preferred_currency ~ '^[A-Z]{3}$'),
    add constraint customers_customers_erased_check check ((status = 'erased') = (erased_at is not null) and (status <> 'erased' or (first_name is null and last_name is null and phone is null and password_hash is null)))`)
  // Case-insensitive uniqueness decided by the database: two concurrent sign-ups cannot both win.
  await knex.raw('create unique index customers_customers_email_unique on customers_customers (lower(email))')

  await knex.schema.createTable('customers_groups', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('code', 40).notNullable()
    table.string('name', 100).notNullable()
    table.string('description', 500)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['code'], { indexName: 'customers_groups_code_unique' })
  })
  await knex.schema.createTable('customers_group_members', (table) => {
    table.uuid('customer_id').notNullable().references('id').inTable('customers_customers').onDelete('CASCADE')
    table.uuid('group_id').notNullable().references('id').inTable('customers_groups').onDelete('CASCADE')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['customer_id', 'group_id'])
    table.index(['group_id'], 'customers_group_members_group_id_index')
  })

  // One-time tokens (password reset, email change): only the sha256 of the token is stored.
  await knex.schema.createTable('customers_tokens', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id').notNullable().references('id').inTable('customers_customers').onDelete('CASCADE')
    table.string('purpose', 20).notNullable()
    table.specificType('token_hash', 'char(64)').notNullable()
    table.string('new_email', 254)
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.timestamp('used_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['token_hash'], { indexName: 'customers_tokens_token_hash_unique' })
    table.index(['customer_id'], 'customers_tokens_customer_id_index')
  })
  await knex.raw(`alter table customers_tokens add constraint customers_tokens_purpose_check
    check (purpose in ('password_reset', 'email_change') and (purpose = 'email_change') = (new_email is not null))`)

  // Failed-login counters per key (`email:<sha256 of the lower-cased email>` or `ip:<address>`), in a
  // window. Unknown emails get counters too, so a lockout does not reveal that an account exists.
  await knex.schema.createTable('customers_login_failures', (table) => {
    table.string('key', 100).primary()
    table.integer('failures').notNullable()
    table.timestamp('window_started_at', { useTz: true }).notNullable()
  })
  await knex.raw('alter table customers_login_failures add constraint customers_login_failures_failures_check check (failures >= 0)')

  await knex.schema.createTable('customers_erasure_requests', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id').notNullable().references('id').inTable('customers_customers')
    table.string('status', 10).notNullable().defaultTo('pending')
    table.string('requested_by', 10).notNullable()
    table.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('due_at', { useTz: true }).notNullable()
    table.timestamp('completed_at', { useTz: true })
    table.index(['due_at'], 'customers_erasure_requests_due_at_index')
  })
  await knex.raw(`alter table customers_erasure_requests
    add constraint customers_erasure_requests_status_check check (status in ('pending', 'completed', 'cancelled')),
    add constraint customers_erasure_requests_requested_by_check check (requested_by in ('customer', 'admin', 'retention'))`)
  // At most one pending request per customer: asking twice returns the first.
  await knex.raw("create unique index customers_erasure_requests_pending_unique on customers_erasure_requests (customer_id) where status = 'pending'")
}

export async function down (knex: Db): Promise<void> {
  for (const table of ['customers_erasure_requests', 'customers_login_failures', 'customers_tokens', 'customers_group_members', 'customers_groups', 'customers_customers']) {
    await knex.schema.dropTable(table)
  }
}
