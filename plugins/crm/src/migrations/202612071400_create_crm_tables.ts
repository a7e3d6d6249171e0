import type { Db } from '@comptoir/core'

// Other plugins' ids (customers, orders, admin users) are plain indexed uuid columns, never foreign keys.
export async function up (knex: Db): Promise<void> {
  // One row per customer crm has heard of: the universe segments are evaluated over.
  await knex.schema.createTable('crm_profiles', (table) => {
    table.uuid('customer_id').primary()
    table.boolean('marketing_consent').notNullable().defaultTo(false)
    table.specificType('group_ids', 'uuid[]').notNullable().defaultTo('{}')
    table.string('country', 2)
    table.smallint('rfm_recency')
    table.smallint('rfm_frequency')
    table.smallint('rfm_monetary')
    table.timestamp('rfm_computed_at', { useTz: true })
    table.smallint('engagement_score')
    table.jsonb('engagement_factors')
    table.timestamp('engagement_computed_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('alter table crm_profiles add constraint crm_profiles_rfm_range check (rfm_recency between 1 and 5 and rfm_frequency between 1 and 5 and rfm_monetary between 1 and 5)')
  await knex.raw('alter table crm_profiles add constraint crm_profiles_engagement_range check (engagement_score between 0 and 100)')

  // Orders as crm needs them for segments and RFM, projected from orders' events.
  await knex.schema.createTable('crm_orders', (table) => {
    table.uuid('order_id').primary()
    table.uuid('customer_id')
    table.uuid('customer_pseudonym')
    table.string('number', 64).notNullable()
    table.bigInteger('total_amount').notNullable()
    table.bigInteger('refunded_amount').notNullable().defaultTo(0)
    table.specificType('currency', 'char(3)').notNullable()
    table.string('status', 16).notNullable().defaultTo('placed')
    table.timestamp('placed_at', { useTz: true }).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id', 'placed_at'], 'crm_orders_customer_index')
  })
  await knex.raw("alter table crm_orders add constraint crm_orders_status_check check (status in ('placed', 'cancelled'))")
  await knex.raw('alter table crm_orders add constraint crm_orders_amounts_check check (total_amount >= 0 and refunded_amount >= 0)')

  // Events already applied, by id: a redelivered event changes nothing.
  await knex.schema.createTable('crm_applied_events', (table) => {
    table.uuid('event_id').notNullable()
    table.string('subscriber', 100).notNullable()
    table.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['event_id', 'subscriber'])
  })

  // Staff interactions and what the store knows, in one table: the timeline is one ordered scan.
  await knex.schema.createTable('crm_timeline_entries', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id').notNullable()
    table.string('source', 16).notNullable()
    table.string('type', 64).notNullable()
    table.string('channel', 32)
    table.string('direction', 16)
    table.string('subject', 200)
    table.text('body')
    table.string('author_type', 16)
    table.string('author_id', 64)
    table.uuid('order_id')
    table.uuid('ticket_id')
    table.jsonb('data').notNullable().defaultTo('{}')
    table.uuid('source_event_id')
    table.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['source_event_id'], { indexName: 'crm_timeline_entries_source_event_unique' })
    table.index(['customer_id', 'occurred_at', 'id'], 'crm_timeline_entries_customer_index')
  })
  await knex.raw("alter table crm_timeline_entries add constraint crm_timeline_entries_source_check check (source in ('staff', 'system'))")

  await knex.schema.createTable('crm_tags', (table) => {
    table.uuid('customer_id').notNullable()
    table.string('tag', 64).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['customer_id', 'tag'])
    table.index(['tag'], 'crm_tags_tag_index')
  })

  await knex.schema.createTable('crm_attribute_definitions', (table) => {
    table.string('key', 64).primary()
    table.string('label', 200).notNullable()
    table.string('type', 16).notNullable()
    table.jsonb('options').notNullable().defaultTo('[]')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw("alter table crm_attribute_definitions add constraint crm_attribute_definitions_type_check check (type in ('text', 'number', 'date', 'boolean', 'enum'))")

  // One typed column per attribute type, so segment rules compare numbers and dates in SQL.
  await knex.schema.createTable('crm_attribute_values', (table) => {
    table.uuid('customer_id').notNullable()
    table.string('key', 64).notNullable().references('key').inTable('crm_attribute_definitions').onDelete('CASCADE')
    table.text('value_text')
    table.decimal('value_number', 30, 6)
    table.date('value_date')
    table.boolean('value_boolean')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['customer_id', 'key'])
    table.index(['key'], 'crm_attribute_values_key_index')
  })

  await knex.schema.createTable('crm_tickets', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('customer_id')
    table.uuid('customer_pseudonym')
    table.string('subject', 200).notNullable()
    table.text('description')
    table.string('status', 16).notNullable().defaultTo('open')
    table.string('priority', 16).notNullable().defaultTo('normal')
    table.uuid('assignee_id')
    table.uuid('order_id')
    table.timestamp('sla_due_at', { useTz: true })
    table.timestamp('resolved_at', { useTz: true })
    table.timestamp('closed_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['customer_id'], 'crm_tickets_customer_index')
    table.index(['order_id'], 'crm_tickets_order_index')
    table.index(['status', 'created_at', 'id'], 'crm_tickets_status_index')
  })
  await knex.raw("alter table crm_tickets add constraint crm_tickets_status_check check (status in ('open', 'pending', 'resolved', 'closed'))")
  await knex.raw("alter table crm_tickets add constraint crm_tickets_priority_check check (priority in ('low', 'normal', 'high', 'urgent'))")

  await knex.schema.createTable('crm_segments', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.string('description', 1000)
    table.string('match', 8).notNullable().defaultTo('all')
    table.jsonb('rules').notNullable()
    table.integer('member_count').notNullable().defaultTo(0)
    table.timestamp('evaluated_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['name'], { indexName: 'crm_segments_name_unique' })
  })
  await knex.raw("alter table crm_segments add constraint crm_segments_match_check check (match in ('all', 'any'))")

  await knex.schema.createTable('crm_segment_members', (table) => {
    table.uuid('segment_id').notNullable().references('id').inTable('crm_segments').onDelete('CASCADE')
    table.uuid('customer_id').notNullable()
    table.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['segment_id', 'customer_id'])
    table.index(['customer_id'], 'crm_segment_members_customer_index')
  })

  await knex.schema.createTable('crm_tasks', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('title', 200).notNullable()
    table.text('notes')
    table.uuid('customer_id')
    table.uuid('ticket_id').references('id').inTable('crm_tickets').onDelete('SET NULL')
    table.uuid('assignee_id').notNullable()
    table.timestamp('due_at', { useTz: true }).notNullable()
    table.string('status', 8).notNullable().defaultTo('open')
    table.timestamp('completed_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['assignee_id', 'status', 'due_at'], 'crm_tasks_assignee_index')
    table.index(['customer_id'], 'crm_tasks_customer_index')
  })
  await knex.raw("alter table crm_tasks add constraint crm_tasks_status_check check (status in ('open', 'done'))")

  // One digest per assignee per day: a retried job does not mail twice.
  await knex.schema.createTable('crm_task_digests', (table) => {
    table.uuid('assignee_id').notNullable()
    table.date('day').notNullable()
    table.integer('task_count').notNullable()
    table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['assignee_id', 'day'])
  })
}

export async function down (knex: Db): Promise<void> {
  for (const name of ['crm_task_digests', 'crm_tasks', 'crm_segment_members', 'crm_segments', 'crm_tickets', 'crm_attribute_values',
    'crm_attribute_definitions', 'crm_tags', 'crm_timeline_entries', 'crm_applied_events', 'crm_orders', 'crm_profiles']) {
    await knex.schema.dropTable(name)
  }
}
