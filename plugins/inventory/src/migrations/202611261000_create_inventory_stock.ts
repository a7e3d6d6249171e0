import type { Db } from '@comptoir/core'

/**
 * Locations, items, levels, reservations and the movement ledger. The oversell rule lives in a
 * CHECK on the level row (the last guard behind the conditional updates); the ledger is
 * append-only (a trigger refuses UPDATE and DELETE), so "level = sum of ledger rows" can be audited.
 */
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('inventory_locations', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.string('name', 200).notNullable()
    table.string('code', 50)
    table.jsonb('address')
    table.integer('priority').notNullable().defaultTo(0)
    table.boolean('active').notNullable().defaultTo(true)
    table.boolean('ships').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw('create unique index inventory_locations_name_key on inventory_locations (lower(name))')

  await knex.schema.createTable('inventory_items', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('variant_id').notNullable().unique('inventory_items_variant_key')
    table.string('sku', 255)
    table.boolean('track').notNullable().defaultTo(true)
    table.boolean('allow_backorder').notNullable().defaultTo(false)
    table.integer('low_stock_threshold').notNullable().defaultTo(0)
    table.integer('lead_time_days')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['sku'], 'inventory_items_sku_idx')
    table.check('?? >= 0', ['low_stock_threshold'], 'inventory_items_threshold_check')
  })

  await knex.schema.createTable('inventory_levels', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('item_id').notNullable().references('id').inTable('inventory_items').onDelete('CASCADE')
    table.uuid('location_id').notNullable().references('id').inTable('inventory_locations')
    table.uuid('variant_id').notNullable()
    table.integer('on_hand').notNullable().defaultTo(0)
    table.integer('reserved').notNullable().defaultTo(0)
    table.integer('incoming').notNullable().defaultTo(0)
    // Copied from the item (kept in sync by the item service) so the CHECK below can read it.
    table.boolean('allow_backorder').notNullable().defaultTo(false)
    table.integer('low_stock_threshold').notNullable().defaultTo(0)
    // Crossing flags: an event fires only when one flips, so once per crossing.
    table.boolean('is_low').notNullable().defaultTo(true)
    table.boolean('is_out').notNullable().defaultTo(true)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.unique(['item_id', 'location_id'], { indexName: 'inventory_levels_item_location_key' })
    table.index(['variant_id'], 'inventory_levels_variant_idx')
    table.index(['location_id'], 'inventory_levels_location_idx')
  })
  await knex.raw(`alter table inventory_levels
    add constraint inventory_levels_reserved_check check (reserved >= 0),
    add constraint inventory_levels_incoming_check check (incoming >= 0),
    add constraint inventory_levels_threshold_check check (low_stock_threshold >= 0),
    add constraint inventory_levels_no_oversell check (allow_backorder or (on_hand >= 0 and reserved <= on_hand))`)

  await knex.schema.createTable('inventory_reservations', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('level_id').notNullable().references('id').inTable('inventory_levels').onDelete('CASCADE')
    table.uuid('item_id').notNullable()
    table.uuid('location_id').notNullable()
    table.uuid('variant_id').notNullable()
    table.integer('quantity').notNullable()
    table.string('owner_type', 50).notNullable()
    table.string('owner_id', 255).notNullable()
    table.string('reference', 255)
    table.string('status', 16).notNullable().defaultTo('active')
    table.timestamp('expires_at', { useTz: true })
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['owner_id', 'status'], 'inventory_reservations_owner_idx')
    table.index(['variant_id', 'status'], 'inventory_reservations_variant_idx')
  })
  await knex.raw(`alter table inventory_reservations
    add constraint inventory_reservations_quantity_check check (quantity >= 0),
    add constraint inventory_reservations_status_check check (status in ('active', 'released', 'expired', 'fulfilled'))`)
  await knex.raw("create index inventory_reservations_expiry_idx on inventory_reservations (expires_at) where status = 'active' and expires_at is not null")

  // One row per reservation owner: reserve() locks it, so two calls for one cart cannot both reserve.
  await knex.schema.createTable('inventory_reservation_owners', (table) => {
    table.string('owner_type', 50).notNullable()
    table.string('owner_id', 255).notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('touched_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['owner_type', 'owner_id'])
    table.index(['touched_at'], 'inventory_reservation_owners_touched_idx')
  })

  await knex.schema.createTable('inventory_movements', (table) => {
    table.bigIncrements('id').primary()
    // No foreign keys: the ledger outlives the levels and items it describes.
    table.uuid('level_id').notNullable()
    table.uuid('item_id').notNullable()
    table.uuid('location_id').notNullable()
    table.uuid('variant_id').notNullable()
    table.string('kind', 20).notNullable()
    table.integer('on_hand_delta').notNullable().defaultTo(0)
    table.integer('reserved_delta').notNullable().defaultTo(0)
    table.string('reason', 500)
    table.string('reference', 255)
    table.string('actor_type', 20)
    table.string('actor_id', 255)
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.index(['level_id', 'id'], 'inventory_movements_level_idx')
    table.index(['variant_id', 'id'], 'inventory_movements_variant_idx')
    table.index(['location_id', 'id'], 'inventory_movements_location_idx')
    table.index(['kind', 'created_at'], 'inventory_movements_kind_idx')
  })
  await knex.raw(`alter table inventory_movements add constraint inventory_movements_kind_check check (kind in
    ('received', 'reserved', 'released', 'expired', 'fulfilled', 'returned', 'adjusted', 'counted', 'transferred_out', 'transferred_in', 'imported'))`)
  await knex.raw(`
    create function inventory_movements_reject_change() returns trigger language plpgsql as $$
    begin
      raise exception 'inventory_movements is append-only' using errcode = 'P0001';
    end
    $$`)
  await knex.raw(`
    create trigger inventory_movements_append_only before update or delete on inventory_movements
    for each row execute function inventory_movements_reject_change()`)
}

export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('inventory_movements')
  await knex.raw('drop function if exists inventory_movements_reject_change()')
  await knex.schema.dropTable('inventory_reservation_owners')
  await knex.schema.dropTable('inventory_reservations')
  await knex.schema.dropTable('inventory_levels')
  await knex.schema.dropTable('inventory_items')
  await knex.schema.dropTable('inventory_locations')
}
