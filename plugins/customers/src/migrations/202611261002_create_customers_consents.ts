import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  // Append-only log: current consent per purpose is the latest record. `seq` orders records made
  // in the same instant. At erasure a record is detached (customer_id → null, pseudonym set).
  await knex.schema.createTable('customers_consents', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.bigIncrements('seq', { primaryKey: false })
    table.uuid('customer_id').references('id').inTable('customers_customers')
    table.string('pseudonym', 64)
    table.string('purpose', 20).notNullable()
    table.boolean('granted').notNullable()
    table.string('source', 20).notNullable()
    table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id', 'purpose', 'seq'], 'customers_consents_customer_purpose_index')
  })
  await knex.raw(`alter table customers_consents
    add constraint customers_consents_purpose_check check (purpose in ('marketing_email', 'sms', 'profiling', 'analytics')),
    add constraint customers_consents_source_check check (source in ('storefront', 'checkout', 'admin', 'import', 'api')),
    add constraint customers_consents_subject_check check (customer_id is not null or pseudonym is not null)`)
  // The database keeps the log append-only: no delete, and the only update is erasure's detaching.
  await knex.raw(`create function customers_consents_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.customer_id is not null and new.customer_id is null and new.pseudonym is not null
        and new.id = old.id and new.seq = old.seq and new.purpose = old.purpose and new.granted = old.granted
        and new.source = old.source and new.recorded_at = old.recorded_at then
        return new;
      end if;
      raise exception 'customers_consents is append-only' using errcode = 'P0001', constraint = 'customers_consents_append_only';
    end $$`)
  await knex.raw(`create trigger customers_consents_append_only before update or delete on customers_consents
    for each row execute function customers_consents_append_only()`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('customers_consents')
  await knex.raw('drop function customers_consents_append_only()')
}
