import type { Db } from '@comptoir/core'

const stripeId = (column: string, prefix: string): string => `${column} ~ '^${prefix}_[A-Za-z0-9_]+$'`

export async function up (knex: Db): Promise<void> {
  // References only: which Stripe Customer stands for which of our customers (no card data, no PII).
  await knex.schema.createTable('payments_stripe_customers', (table) => {
    table.string('customer_id', 64).primary()
    table.string('stripe_customer_id', 255).notNullable().unique('payments_stripe_customers_stripe_unique')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw(`alter table payments_stripe_customers add constraint payments_stripe_customers_id_check check (${stripeId('stripe_customer_id', 'cus')})`)

  // Stripe Customers of erased customers, deleted at Stripe by a job after the erase commits.
  await knex.schema.createTable('payments_stripe_customer_deletions', (table) => {
    table.string('stripe_customer_id', 255).primary()
    table.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })

  // The furthest state each PaymentIntent reached: a state only ever moves to a higher rank.
  await knex.schema.createTable('payments_stripe_payment_intents', (table) => {
    table.string('payment_intent_id', 255).primary()
    table.string('payment_id', 64)
    table.string('order_id', 64)
    table.string('status', 20).notNullable()
    table.smallint('status_rank').notNullable()
    table.bigInteger('amount').notNullable()
    table.specificType('currency', 'char(3)').notNullable()
    table.timestamp('state_at', { useTz: true }).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['order_id'], 'payments_stripe_payment_intents_order_index')
  })
  await knex.raw(`alter table payments_stripe_payment_intents add constraint payments_stripe_payment_intents_status_check
    check (status in ('requires_action', 'failed', 'authorized', 'canceled', 'captured'))`)

  // One row per Stripe event id: the unique key is what makes redelivery a no-op.
  await knex.schema.createTable('payments_stripe_webhook_events', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('stripe_event_id', 255).notNullable().unique('payments_stripe_webhook_events_event_unique')
    table.string('type', 100).notNullable()
    table.boolean('livemode').notNullable()
    table.timestamp('event_created_at', { useTz: true }).notNullable()
    table.jsonb('facts').notNullable()
    table.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('processed_at', { useTz: true })
    table.string('outcome', 20)
    table.index(['received_at', 'id'], 'payments_stripe_webhook_events_received_index')
  })
  await knex.raw(`alter table payments_stripe_webhook_events add constraint payments_stripe_webhook_events_outcome_check
    check (outcome is null or outcome in ('applied', 'unchanged', 'stale', 'ignored'))`)

  // The financial ledger: append-only, one row per gateway fact (entry_key), amounts as magnitudes.
  await knex.schema.createTable('payments_stripe_ledger', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.bigIncrements('seq', { primaryKey: false })
    table.string('entry_key', 300).notNullable().unique('payments_stripe_ledger_entry_unique')
    table.string('kind', 20).notNullable()
    table.string('status', 20).notNullable()
    table.bigInteger('amount').notNullable()
    table.specificType('currency', 'char(3)').notNullable()
    table.string('gateway_object_id', 255).notNullable()
    table.string('payment_intent_id', 255)
    table.string('charge_id', 255)
    table.string('balance_transaction_id', 255)
    table.string('order_id', 64)
    table.string('payment_id', 64)
    table.timestamp('occurred_at', { useTz: true }).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['occurred_at', 'id'], 'payments_stripe_ledger_occurred_index')
    table.index(['order_id'], 'payments_stripe_ledger_order_index')
    table.index(['payment_intent_id'], 'payments_stripe_ledger_intent_index')
    table.index(['kind', 'occurred_at', 'id'], 'payments_stripe_ledger_kind_index')
  })
  await knex.raw(`alter table payments_stripe_ledger add constraint payments_stripe_ledger_kind_check
    check (kind in ('authorization', 'capture', 'refund', 'dispute', 'fee'))`)
  await knex.raw('alter table payments_stripe_ledger add constraint payments_stripe_ledger_amount_check check (amount >= 0)')
  await knex.raw("alter table payments_stripe_ledger add constraint payments_stripe_ledger_currency_check check (currency ~ '^[A-Z]{3}$')")
  await knex.raw(`
    create function payments_stripe_ledger_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception 'payments_stripe_ledger is append-only' using errcode = 'P0001';
    end
    $$`)
  await knex.raw(`
    create trigger payments_stripe_ledger_append_only before update or delete on payments_stripe_ledger
    for each row execute function payments_stripe_ledger_reject_change()`)

  await knex.schema.createTable('payments_stripe_reconciliation_runs', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.timestamp('period_start', { useTz: true }).notNullable()
    table.timestamp('period_end', { useTz: true }).notNullable()
    table.string('status', 20).notNullable().defaultTo('queued')
    table.integer('matched_count').notNullable().defaultTo(0)
    table.integer('mismatch_count').notNullable().defaultTo(0)
    table.string('failure', 300)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('finished_at', { useTz: true })
    table.index(['created_at', 'id'], 'payments_stripe_reconciliation_runs_created_index')
  })
  await knex.raw(`alter table payments_stripe_reconciliation_runs add constraint payments_stripe_reconciliation_runs_status_check
    check (status in ('queued', 'running', 'completed', 'failed'))`)
  await knex.raw('alter table payments_stripe_reconciliation_runs add constraint payments_stripe_reconciliation_runs_period_check check (period_end > period_start)')

  await knex.schema.createTable('payments_stripe_reconciliation_items', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('run_id').notNullable().references('id').inTable('payments_stripe_reconciliation_runs').onDelete('CASCADE')
    table.string('outcome', 30).notNullable()
    table.string('kind', 20).notNullable()
    table.string('gateway_object_id', 255).notNullable()
    table.uuid('ledger_entry_id')
    table.string('balance_transaction_id', 255)
    table.bigInteger('ledger_amount')
    table.bigInteger('stripe_amount')
    table.specificType('currency', 'char(3)').notNullable()
    table.string('order_id', 64)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['run_id', 'outcome', 'id'], 'payments_stripe_reconciliation_items_run_index')
  })
  await knex.raw(`alter table payments_stripe_reconciliation_items add constraint payments_stripe_reconciliation_items_outcome_check
    check (outcome in ('matched', 'missing_in_ledger', 'missing_at_stripe', 'amount_mismatch'))`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('payments_stripe_reconciliation_items')
  await knex.schema.dropTable('payments_stripe_reconciliation_runs')
  await knex.schema.dropTable('payments_stripe_ledger')
  await knex.raw('drop function if exists payments_stripe_ledger_reject_change()')
  await knex.schema.dropTable('payments_stripe_webhook_events')
  await knex.schema.dropTable('payments_stripe_payment_intents')
  await knex.schema.dropTable('payments_stripe_customer_deletions')
  await knex.schema.dropTable('payments_stripe_customers')
}
