import type { Db } from '@comptoir/core'

export async function up (knex: Db): Promise<void> {
  // Views and add-to-carts (from analytics' events, when it is installed): one row per session,
  // product and kind, counted up, so a busy storefront grows the table by what sessions saw, not by clicks.
  await knex.raw("create unique index recommendations_interactions_session on recommendations_interactions (session_id, product_id, kind) where kind <> 'purchase'")
  await knex.raw('create index recommendations_interactions_occurred on recommendations_interactions (occurred_at)')

  // Item-item neighbours of the for-you model, kept so an anonymous session's picks are one indexed read at request time.
  await knex.schema.createTable('recommendations_neighbours', (table) => {
    table.uuid('product_id').notNullable()
    table.uuid('related_id').notNullable()
    table.double('score').notNullable()
    table.primary(['product_id', 'related_id'])
  })
  await knex.raw('create index recommendations_neighbours_rank on recommendations_neighbours (product_id, score desc, related_id)')

  // Merchant rules per placement (a storefront slot: 'product-page', 'cart', 'home'…): pinned products
  // first, in position order; excluded ones never, in that placement.
  await knex.schema.createTable('recommendations_placement_rules', (table) => {
    table.text('placement').notNullable()
    table.uuid('product_id').notNullable()
    table.text('rule').notNullable()
    table.integer('position')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['placement', 'product_id'])
  })
  await knex.raw("alter table recommendations_placement_rules add constraint recommendations_placement_rules_rule check ((rule = 'pin' and position is not null) or (rule = 'exclude' and position is null))")
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTableIfExists('recommendations_placement_rules')
  await knex.schema.dropTableIfExists('recommendations_neighbours')
  await knex.raw('drop index if exists recommendations_interactions_occurred')
  await knex.raw('drop index if exists recommendations_interactions_session')
}
