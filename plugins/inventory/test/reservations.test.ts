import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { createLocation, createVariants, inventoryApp, ledgerMismatches, levelRow, outboxNames, stock, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, ctx } = await inventoryApp(dbs, t, engine)
    const { inventory } = app.services
    const knex = app.comptoir.database.knex
    const paris = await createLocation(app, 'Paris', 10)
    const lyon = await createLocation(app, 'Lyon', 5)

    t.test('reserve takes the highest-priority location that can fill the line, and is idempotent per owner', async (t) => {
      const [v] = await createVariants(app, 1, 'PRIO') as [string]
      const p = await stock(app, v, paris, 5)
      const l = await stock(app, v, lyon, 10)
      const first = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-prio' }, lines: [{ variantId: v, quantity: 3, reference: 'line-1' }] })
      t.match(first.reservations, [{ variantId: v, locationId: paris, quantity: 3, reference: 'line-1', owner: { type: 'cart', id: 'c-prio' }, expiresAt: null }])
      const again = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-prio' }, lines: [{ variantId: v, quantity: 9 }] })
      t.same(again.reservations, first.reservations, 'an owner holding reservations gets them back unchanged')
      const bigger = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-prio-2' }, lines: [{ variantId: v, quantity: 8 }] })
      t.match(bigger.reservations, [{ locationId: lyon, quantity: 8 }], 'Paris cannot fill 8: Lyon (lower priority) can')
      t.same(await levelRow(app, p), { on_hand: 5, reserved: 3, incoming: 0 })
      t.same(await levelRow(app, l), { on_hand: 10, reserved: 8, incoming: 0 })
      t.same(await ledgerMismatches(app), [])
    })

    t.test('expect adds and removes incoming units, never below zero, and none of them becomes available', async (t) => {
      const [v] = await createVariants(app, 1, 'INCOMING') as [string]
      const level = await stock(app, v, paris, 2)
      t.match(await app.services.inventoryLevels.expect(ctx, level, 10), { incoming: 10, onHand: 2, available: 2 })
      t.equal((await inventory.availabilityOf(ctx, [v])).get(v)?.available, 2, 'units on order are not available')
      t.match(await app.services.inventoryLevels.expect(ctx, level, -4), { incoming: 6 })
      t.match(await app.services.inventoryLevels.expect(ctx, level, -50), { incoming: 0 }, 'floored at zero')
      t.match(await app.services.inventoryLevels.expect(ctx, '00000000-0000-4000-8000-000000000000', 1).catch((e: unknown) => e), { code: 'INVENTORY_LEVEL_NOT_FOUND' })
      t.same(await ledgerMismatches(app), [], 'incoming writes no ledger row')
    })

    t.test('a line no single location can fill is split when allowed, refused when not', async (t) => {
      const [v] = await createVariants(app, 1, 'SPLIT') as [string]
      await stock(app, v, paris, 4)
      await stock(app, v, lyon, 4)
      const refused = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-nosplit' }, lines: [{ variantId: v, quantity: 6 }], allowSplit: false }).catch((e: unknown) => e)
      t.match(refused, { code: 'INVENTORY_INSUFFICIENT_STOCK', status: 409 })
      const split = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-split' }, lines: [{ variantId: v, quantity: 6, reference: 'l1' }], allowSplit: true })
      t.same(split.reservations.map((r) => [r.locationId, r.quantity, r.reference]), [[paris, 4, 'l1'], [lyon, 2, 'l1']])
      t.same((await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-split' }, lines: [{ variantId: v, quantity: 6 }] })).reservations, split.reservations, 'a repeat returns the same reservations in the same order')
      const none = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-split-2' }, lines: [{ variantId: v, quantity: 3 }] }).catch((e: unknown) => e)
      t.match(none, { code: 'INVENTORY_INSUFFICIENT_STOCK', extensions: { variantId: v, requested: 3, available: 2 } })
    })

    t.test('lines of one variant are summed before the check, and a cart with one unfillable line reserves nothing', async (t) => {
      const [a, b] = await createVariants(app, 2, 'CART') as [string, string]
      const la = await stock(app, a, paris, 5)
      const lb = await stock(app, b, paris, 1)
      const twice = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-sum' }, lines: [{ variantId: a, quantity: 3 }, { variantId: a, quantity: 3 }], allowSplit: false }).catch((e: unknown) => e)
      t.match(twice, { code: 'INVENTORY_INSUFFICIENT_STOCK', extensions: { requested: 6, available: 5 } }, 'two lines of 3 are 6 units')
      const cart = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'c-mixed' }, lines: [{ variantId: a, quantity: 2 }, { variantId: b, quantity: 2 }] }).catch((e: unknown) => e)
      t.match(cart, { code: 'INVENTORY_INSUFFICIENT_STOCK', extensions: { variantId: b } })
      t.same(await levelRow(app, la), { on_hand: 5, reserved: 0, incoming: 0 }, 'the fillable line reserved nothing')
      t.same(await levelRow(app, lb), { on_hand: 1, reserved: 0, incoming: 0 })
      t.equal((await knex('inventory_reservations').where({ owner_id: 'c-mixed' })).length, 0)
    })

    t.test('untracked and unknown variants need no reservation; backorder items may go below zero', async (t) => {
      const [untracked, backorder, unstocked] = await createVariants(app, 3, 'MISC') as [string, string, string]
      await app.services.inventoryItems.put(ctx, untracked, { track: false })
      await app.services.inventoryItems.put(ctx, backorder, { allowBackorder: true })
      const lb = await stock(app, backorder, paris, 1)
      await app.services.inventoryItems.put(ctx, unstocked, {})
      const unknown = '00000000-0000-4000-8000-000000000001'
      const result = await inventory.reserve(ctx, { owner: { type: 'order', id: 'o-misc' }, lines: [{ variantId: untracked, quantity: 50 }, { variantId: unknown, quantity: 2 }, { variantId: backorder, quantity: 4 }] })
      t.same(result.reservations.map((r) => [r.variantId, r.quantity]), [[backorder, 4]])
      t.same(await levelRow(app, lb), { on_hand: 1, reserved: 4, incoming: 0 })
      const availability = await inventory.availabilityOf(ctx, [untracked, backorder, unknown, unstocked])
      t.same(Object.fromEntries(availability), {
        [untracked]: { status: 'in_stock', available: null },
        [backorder]: { status: 'backorder', available: 0 },
        [unknown]: { status: 'in_stock', available: null },
        [unstocked]: { status: 'out_of_stock', available: 0 },
      })
      const refused = await inventory.reserve(ctx, { owner: { type: 'order', id: 'o-unstocked' }, lines: [{ variantId: unstocked, quantity: 1 }] }).catch((e: unknown) => e)
      t.match(refused, { code: 'INVENTORY_INSUFFICIENT_STOCK', extensions: { available: 0 } }, 'a tracked item without stock anywhere is refused')
      const off = await app.services.inventoryItems.put(ctx, backorder, { allowBackorder: false }).catch((e: unknown) => e)
      t.match(off, { code: 'INVENTORY_BELOW_RESERVED' }, 'backorder cannot be switched off while the level is oversold')
    })

    t.test('release is idempotent and can target one line', async (t) => {
      const [v] = await createVariants(app, 1, 'REL') as [string]
      const level = await stock(app, v, paris, 10)
      await inventory.reserve(ctx, { owner: { type: 'order', id: 'o-rel' }, lines: [{ variantId: v, quantity: 2, reference: 'a' }, { variantId: v, quantity: 3, reference: 'b' }] })
      t.same(await inventory.release(ctx, { ownerId: 'o-rel', reference: 'a' }), { released: 2 })
      t.same(await levelRow(app, level), { on_hand: 10, reserved: 3, incoming: 0 })
      t.same(await inventory.release(ctx, { ownerId: 'o-rel' }), { released: 3 })
      t.same(await inventory.release(ctx, { ownerId: 'o-rel' }), { released: 0 })
      t.same(await levelRow(app, level), { on_hand: 10, reserved: 0, incoming: 0 })
    })

    t.test('fulfil consumes reservations and on hand; more than reserved is refused; restock puts units back', async (t) => {
      const [v, free] = await createVariants(app, 2, 'FUL') as [string, string]
      await app.services.inventoryItems.put(ctx, free, { track: false })
      const level = await stock(app, v, paris, 10)
      await inventory.reserve(ctx, { owner: { type: 'order', id: 'o-ful' }, lines: [{ variantId: v, quantity: 4, reference: 'line' }] })
      const tooMuch = await inventory.fulfil(ctx, { ownerId: 'o-ful', reference: 'f-0', lines: [{ variantId: v, quantity: 5 }] }).catch((e: unknown) => e)
      t.match(tooMuch, { code: 'INVENTORY_NOT_RESERVED', extensions: { requested: 5, reserved: 4 } })
      const first = await inventory.fulfil(ctx, { ownerId: 'o-ful', reference: 'f-1', lines: [{ variantId: v, quantity: 3, lineReference: 'line' }, { variantId: free, quantity: 2 }] })
      t.same(first.allocations, [{ variantId: v, locationId: paris, quantity: 3 }, { variantId: free, locationId: paris, quantity: 2 }])
      t.same(await levelRow(app, level), { on_hand: 7, reserved: 1, incoming: 0 })
      await inventory.fulfil(ctx, { ownerId: 'o-ful', reference: 'f-2', lines: [{ variantId: v, quantity: 1 }] })
      t.same(await levelRow(app, level), { on_hand: 6, reserved: 0, incoming: 0 })
      t.same((await knex('inventory_reservations').where({ owner_id: 'o-ful' }).pluck('status')), ['fulfilled'])
      await inventory.restock(ctx, { variantId: v, locationId: lyon, quantity: 2, reference: 'return-1', reason: 'customer return' })
      await inventory.restock(ctx, { variantId: free, locationId: lyon, quantity: 2, reference: 'return-1' })
      const lyonLevel = await knex('inventory_levels').where({ variant_id: v, location_id: lyon }).first('on_hand') as { on_hand: number }
      t.equal(lyonLevel.on_hand, 2)
      t.same(await knex('inventory_movements').where({ variant_id: v }).orderBy('id').pluck('kind'), ['received', 'reserved', 'fulfilled', 'fulfilled', 'returned'])
      t.equal(await inventory.defaultLocationId(ctx), paris)
      t.same(await ledgerMismatches(app), [])
    })

    t.test('crossing the low-stock threshold emits ran-low once, reaching zero ran-out, going back above replenished', async (t) => {
      const [v] = await createVariants(app, 1, 'LOW') as [string]
      const level = await stock(app, v, paris, 10, 3)
      await knex('comptoir_outbox').where('name', 'like', 'inventory.stock-level.%').delete()
      await inventory.reserve(ctx, { owner: { type: 'cart', id: 'low-1' }, lines: [{ variantId: v, quantity: 7 }] })
      await inventory.reserve(ctx, { owner: { type: 'cart', id: 'low-2' }, lines: [{ variantId: v, quantity: 1 }] })
      t.same(await outboxNames(app, 'inventory.stock-level.'), ['inventory.stock-level.ran-low'], 'once per crossing, not once per reservation')
      t.same(Object.fromEntries(await inventory.availabilityOf(ctx, [v])), { [v]: { status: 'low_stock', available: 2 } })
      await inventory.reserve(ctx, { owner: { type: 'cart', id: 'low-3' }, lines: [{ variantId: v, quantity: 2 }] })
      t.same(Object.fromEntries(await inventory.availabilityOf(ctx, [v])), { [v]: { status: 'out_of_stock', available: 0 } })
      await inventory.release(ctx, { ownerId: 'low-1' })
      t.same(await outboxNames(app, 'inventory.stock-level.'), ['inventory.stock-level.ran-low', 'inventory.stock-level.ran-out', 'inventory.stock-level.replenished'])
      const payload = await knex('comptoir_outbox').where({ name: 'inventory.stock-level.ran-out' }).first('payload') as { payload: unknown }
      t.match(payload.payload, { variantId: v, levelId: level, locationId: paris, available: 0, threshold: 3 })
    })

    t.test('expired reservations are released by the job, others stay', async (t) => {
      const [v] = await createVariants(app, 1, 'EXP') as [string]
      const level = await stock(app, v, paris, 10)
      await inventory.reserve(ctx, { owner: { type: 'cart', id: 'exp-old' }, lines: [{ variantId: v, quantity: 3 }], expiresAt: new Date(Date.now() - 1000) })
      await inventory.reserve(ctx, { owner: { type: 'cart', id: 'exp-new' }, lines: [{ variantId: v, quantity: 2 }], expiresAt: new Date(Date.now() + 3_600_000) })
      const result = await inventory.releaseExpired(ctx)
      t.same(result, { reservations: 1, units: 3 })
      t.same(await levelRow(app, level), { on_hand: 10, reserved: 2, incoming: 0 })
      t.same(await knex('inventory_reservations').where({ owner_id: 'exp-old' }).pluck('status'), ['expired'])
      t.match(await knex('comptoir_outbox').where({ name: 'inventory.reservation.expired' }).pluck('payload'), [{ ownerId: 'exp-old', units: 3, reason: 'expired' }])
      t.same(await ledgerMismatches(app), [])
    })

    t.test('a registered allocation strategy is used, and cannot oversell', async (t) => {
      const [v] = await createVariants(app, 1, 'STRAT') as [string]
      await stock(app, v, paris, 5)
      const l = await stock(app, v, lyon, 5)
      const registry = app.services.inventoryAllocation
      registry.register('last-resort', ({ quantity, candidates }) => {
        const last = candidates[candidates.length - 1]
        return last == null ? null : [{ levelId: last.levelId, quantity }]
      })
      t.throws(() => { registry.register('last-resort', () => null) }, /already registered/)
      t.throws(() => { registry.use('nope') }, /No inventory allocation strategy/)
      registry.use('last-resort')
      t.teardown(() => { registry.use('priority') })
      const got = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'strat-1' }, lines: [{ variantId: v, quantity: 2 }] })
      t.same(got.reservations.map((r) => r.locationId), [lyon], 'the lowest-priority location, as the strategy says')
      const greedy = await inventory.reserve(ctx, { owner: { type: 'cart', id: 'strat-2' }, lines: [{ variantId: v, quantity: 4 }] }).catch((e: unknown) => e)
      t.match(greedy, { code: 'INVENTORY_INSUFFICIENT_STOCK' }, 'a plan beyond what the level holds is refused')
      t.same(await levelRow(app, l), { on_hand: 5, reserved: 2, incoming: 0 })
      registry.use('priority')
    })

    t.test('the ledger refuses updates and deletes', async (t) => {
      await t.rejects(knex('inventory_movements').update({ reason: 'x' }), /append-only/)
      await t.rejects(knex('inventory_movements').delete(), /append-only/)
    })
  })
}
