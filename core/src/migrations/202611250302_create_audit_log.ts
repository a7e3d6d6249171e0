import type { Knex } from 'knex'

/**
 * The audit log: who did what to which target, when, with before/after. Append-only: a trigger
 * rejects UPDATE and DELETE, so not even a buggy plugin can rewrite history.
 */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_audit_log', (table) => {
    table.uuid('id').primary()
    // Orders the log (newest first) and keys its cursor; timestamps can tie, this cannot.
    table.specificType('seq', 'bigint generated always as identity').notNullable().unique({ indexName: 'comptoir_audit_log_seq_key' })
    table.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.string('actor_type', 20)
    table.string('actor_id', 200)
    table.string('action', 200).notNullable()
    table.string('target_type', 100)
    table.text('target_id')
    table.jsonb('before')
    table.jsonb('after')
    table.string('request_id', 100).notNullable()
    table.string('source', 10).notNullable()
    table.check('?? in (\'service\', \'request\')', ['source'], 'comptoir_audit_log_source_check')
    table.index(['actor_id', 'seq'], 'comptoir_audit_log_actor_idx')
    table.index(['action', 'seq'], 'comptoir_audit_log_action_idx')
    table.index(['target_type', 'target_id', 'seq'], 'comptoir_audit_log_target_idx')
    table.index(['occurred_at'], 'comptoir_audit_log_occurred_at_idx')
  })
  await knex.raw(`
    create function comptoir_audit_log_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception 'comptoir_audit_log is append-only' using errcode = 'P0001';
    end
    $$`)
  await knex.raw(`
    create trigger comptoir_audit_log_append_only before update or delete on comptoir_audit_log
    for each row execute function comptoir_audit_log_reject_change()`)
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_audit_log')
  await knex.raw('drop function if exists comptoir_audit_log_reject_change()')
}
