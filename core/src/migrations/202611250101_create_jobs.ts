import type { Knex } from 'knex'

/** Jobs of the in-process engine (no Redis): queued, running, completed (kept briefly for dedupe) and failed. */
export async function up (knex: Knex): Promise<void> {
  await knex.schema.createTable('comptoir_jobs', (table) => {
    // The caller's jobId when given (dedupe), else a uuid.
    table.string('id', 255).primary()
    table.string('queue', 100).notNullable()
    table.string('name', 200).notNullable()
    table.jsonb('payload').notNullable()
    table.string('request_id', 255)
    table.jsonb('actor')
    table.string('state', 16).notNullable().defaultTo('waiting')
    table.integer('attempts_made').notNullable().defaultTo(0)
    table.integer('max_attempts').notNullable()
    table.integer('backoff_ms').notNullable()
    table.timestamp('run_at', { useTz: true }).notNullable()
    table.timestamp('locked_until', { useTz: true })
    table.jsonb('progress')
    table.text('failed_reason')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('finished_at', { useTz: true })
  })
  await knex.raw(`alter table comptoir_jobs add constraint comptoir_jobs_state_check
    check (state in ('waiting', 'active', 'completed', 'failed'))`)
  await knex.raw(`alter table comptoir_jobs add constraint comptoir_jobs_attempts_check
    check (max_attempts >= 1 and attempts_made >= 0 and backoff_ms >= 0)`)
  // Partial indexes: the claim scans only due jobs, the lease sweep only running ones.
  await knex.raw("create index comptoir_jobs_due_idx on comptoir_jobs (run_at) where state = 'waiting'")
  await knex.raw("create index comptoir_jobs_active_idx on comptoir_jobs (locked_until) where state = 'active'")
  await knex.raw("create index comptoir_jobs_failed_idx on comptoir_jobs (finished_at desc, id desc) where state = 'failed'")
  await knex.raw("create index comptoir_jobs_completed_idx on comptoir_jobs (finished_at) where state = 'completed'")
}

export async function down (knex: Knex): Promise<void> {
  await knex.schema.dropTable('comptoir_jobs')
}
