import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'

/** Admin users, roles and API keys. Emails are stored lower-cased, so the unique index is case-insensitive. */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_roles', (table) => {
    table.uuid('id').primary()
    table.string('name', 100).notNullable().unique({ indexName: 'comptoir_roles_name_unique' })
    table.string('description', 500)
    table.jsonb('permissions').notNullable()
    table.boolean('built_in').notNullable().defaultTo(false)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw("alter table comptoir_roles add constraint comptoir_roles_permissions_array check (jsonb_typeof(permissions) = 'array')")
  await knex('comptoir_roles').insert({ id: randomUUID(), name: 'owner', description: 'Every permission', permissions: JSON.stringify(['*']), built_in: true })

  await knex.schema.createTable('comptoir_admin_users', (table) => {
    table.uuid('id').primary()
    table.string('email', 320).notNullable().unique({ indexName: 'comptoir_admin_users_email_unique' })
    table.text('password_hash').notNullable()
    table.boolean('disabled').notNullable().defaultTo(false)
    table.timestamp('last_login_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('alter table comptoir_admin_users add constraint comptoir_admin_users_email_lower check (email = lower(email))')

  await knex.schema.createTable('comptoir_api_keys', (table) => {
    table.uuid('id').primary()
    table.string('name', 200).notNullable()
    table.string('prefix', 20).notNullable()
    table.string('token_hash', 64).notNullable().unique({ indexName: 'comptoir_api_keys_token_hash_unique' })
    table.timestamp('expires_at', { useTz: true })
    table.timestamp('revoked_at', { useTz: true })
    table.timestamp('last_used_at', { useTz: true })
    table.string('created_by', 255)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['name', 'id'], 'comptoir_api_keys_name_id_index')
  })

  // Deleting a role that is still assigned fails (restrict): access is never removed silently.
  for (const [table, owner, ownerTable] of [
    ['comptoir_admin_user_roles', 'admin_user_id', 'comptoir_admin_users'],
    ['comptoir_api_key_roles', 'api_key_id', 'comptoir_api_keys'],
  ] as const) {
    await knex.schema.createTable(table, (t) => {
      t.uuid(owner).notNullable().references('id').inTable(ownerTable).onDelete('CASCADE')
      t.uuid('role_id').notNullable().references('id').inTable('comptoir_roles').onDelete('RESTRICT')
        .withKeyName(`${table}_role_id_foreign`)
      t.primary([owner, 'role_id'])
      t.index(['role_id'], `${table}_role_id_index`)
    })
  }
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_api_key_roles')
  await knex.schema.dropTable('comptoir_admin_user_roles')
  await knex.schema.dropTable('comptoir_api_keys')
  await knex.schema.dropTable('comptoir_admin_users')
  await knex.schema.dropTable('comptoir_roles')
}
