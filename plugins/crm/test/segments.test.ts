import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { CrmEventPayload, Segment, SegmentRule, StaffMessage } from '../src/index.js'
import { crmApp, eventually, testEngines, uniqueName, type Crm } from './helpers.js'

const dbs = createTestDatabases(t)

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/** Orders of `count` × `amount` minor units, the latest `lastDaysAgo` days back, one day apart. */
async function ordersOf (shop: Crm, customerId: string, count: number, amount: number, lastDaysAgo: number, currency = 'EUR'): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push(await shop.order(customerId, amount, currency, lastDaysAgo + i))
  return ids
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await crmApp(dbs, t, engine)
    const { app, admin, ctx } = shop
    const knex = app.comptoir.database.knex
    const sent: StaffMessage[] = []
    app.services.crmNotifier.register(async (message) => { sent.push(message) })

    const tag = async (customerId: string, name: string): Promise<void> => {
      const res = await app.inject({ method: 'PUT', url: `/admin/crm/customers/${customerId}/tags/${name}`, headers: admin })
      if (res.statusCode !== 204) throw new Error(res.body)
    }
    /** Members of a fresh segment of `rules`, restricted to the customers tagged `set`. */
    const members = async (set: string, rules: SegmentRule[], match: 'all' | 'any' = 'all'): Promise<string[]> => {
      const payload = match === 'all'
        ? { name: uniqueName('seg'), rules: [{ field: 'tag', tag: set }, ...rules] }
        : { name: uniqueName('seg'), match, rules }
      const res = await app.inject({ method: 'POST', url: '/admin/crm/segments', headers: { ...admin, 'idempotency-key': uniqueName('k') }, payload })
      if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`)
      const segment = res.json<Segment>()
      const page = await app.inject({ method: 'GET', url: `/admin/crm/segments/${segment.id}/members?limit=100`, headers: admin })
      return (page.json().items as Array<{ customerId: string }>).map((m) => m.customerId).sort()
    }

    // First, while only its customers have orders: RFM ranks every customer with orders.
    t.test('RFM quintiles and the engagement score on known data, with the factors shown', async (t) => {
      const set = 'rfm-set'
      // Customer i: i orders (frequency i), latest 10·i days ago (recency 6 − i), spend ranked 3, 1, 5, 2, 4.
      const spend = [3000, 100, 6000, 400, 5000]
      const ids: string[] = []
      for (let i = 1; i <= 5; i++) {
        const { customerId } = await shop.customer()
        ids.push(customerId)
        await tag(customerId, set)
        await ordersOf(shop, customerId, i, spend[i - 1]! / i, 10 * i)
      }
      const { customerId: none } = await shop.customer()
      await tag(none, set)
      for (const body of ['first', 'second']) {
        await app.inject({ method: 'POST', url: `/admin/crm/customers/${ids[0]!}/interactions`, headers: admin, payload: { type: 'note', body } })
      }
      t.match(await app.services.crmScores.computeRfm(ctx), { scored: 5 })
      await app.services.crmScores.computeEngagement(ctx)
      const profile = async (id: string) => (await app.inject({ method: 'GET', url: `/admin/crm/customers/${id}/profile`, headers: admin })).json()
      const profiles = await Promise.all(ids.map(profile))
      t.same(profiles.map((p) => [p.rfm.recency, p.rfm.frequency, p.rfm.monetary]), [[5, 1, 3], [4, 2, 1], [3, 3, 5], [2, 4, 2], [1, 5, 4]])
      t.same((await profile(none)).rfm, { recency: null, frequency: null, monetary: null, computedAt: null })
      // Recency 40·(1 − days/365), frequency 2 per order, monetary 4 per RFM point, interactions 4 each.
      t.same(profiles[0].engagement.factors, { recency: 39, frequency: 2, monetary: 12, interactions: 8 })
      t.same(profiles.map((p) => p.engagement.score), [61, 46, 63, 52, 61])
      t.same(await members(set, [{ field: 'recency', op: 'gte', value: 4 }]), [ids[0], ids[1]].sort())
      t.same(await members(set, [{ field: 'monetary', op: 'eq', value: 5 }]), [ids[2]])
      t.same(await members(set, [{ field: 'frequency', op: 'lt', value: 2 }]), [ids[0]])
      t.same(await members(set, [{ field: 'engagement', op: 'gte', value: 60 }]), [ids[0], ids[2], ids[4]].sort())
    })

    t.test('each segment rule selects exactly the customers it describes', async (t) => {
      const set = 'rule-set'
      const make = async () => { const { customerId } = await shop.customer(); await tag(customerId, set); return customerId }
      const [a, b, c, d, e] = [await make(), await make(), await make(), await make(), await make()] as [string, string, string, string, string]
      await ordersOf(shop, a, 1, 1000, 10)
      await ordersOf(shop, a, 1, 3000, 5)
      await ordersOf(shop, b, 1, 500, 200)
      await ordersOf(shop, b, 1, 9000, 100, 'USD')
      await ordersOf(shop, d, 1, 20000, 2)
      const [cancelled] = await ordersOf(shop, d, 1, 5000, 1)
      await shop.deliver('orders.order.cancelled', { orderId: cancelled, number: '#x', customerId: d, reason: null })
      await ordersOf(shop, e, 1, 100, 400)
      await ordersOf(shop, e, 1, 100, 300)
      await ordersOf(shop, e, 1, 100, 30)
      const group = randomUUID()
      await shop.deliver('customers.group-membership.changed', { customerId: a, groupIds: [group] })
      await shop.deliver('customers.consent.changed', { customerId: a, purpose: 'marketing', granted: true })
      await shop.deliver('customers.consent.changed', { customerId: b, purpose: 'marketing', granted: true })
      await shop.deliver('customers.consent.changed', { customerId: b, purpose: 'marketing', granted: false })
      // An older grant delivered late (a retried delivery) does not undo the withdrawal.
      await shop.deliver('customers.consent.changed', { customerId: b, purpose: 'marketing', granted: true }, { occurredAt: new Date(Date.now() - 3_600_000).toISOString() })
      await tag(c, 'vip')
      const pets = `pets_${Math.random().toString(36).slice(2, 8)}`
      await app.inject({ method: 'POST', url: '/admin/crm/attributes', headers: admin, payload: { key: pets, label: 'Pets', type: 'number' } })
      await app.inject({ method: 'PUT', url: `/admin/crm/customers/${c}/attributes/${pets}`, headers: admin, payload: { value: 3 } })
      await app.inject({ method: 'PUT', url: `/admin/crm/customers/${d}/attributes/${pets}`, headers: admin, payload: { value: 1 } })

      t.same(await members(set, [{ field: 'totalSpent', op: 'gte', amount: 4000, currency: 'EUR' }]), [a, d].sort(), 'spend in EUR, net of cancelled orders')
      t.same(await members(set, [{ field: 'totalSpent', op: 'gt', amount: 0, currency: 'USD' }]), [b], 'spend is per currency')
      t.same(await members(set, [{ field: 'averageOrderValue', op: 'gte', amount: 2000, currency: 'EUR' }]), [a, d].sort())
      t.same(await members(set, [{ field: 'orderCount', op: 'gte', value: 2 }]), [a, b, e].sort())
      t.same(await members(set, [{ field: 'orderCount', op: 'eq', value: 0 }]), [c])
      t.same(await members(set, [{ field: 'lastOrderAt', op: 'before', daysAgo: 90 }]), [b])
      t.same(await members(set, [{ field: 'firstOrderAt', op: 'before', daysAgo: 365 }]), [e])
      t.same(await members(set, [{ field: 'lastOrderAt', op: 'after', daysAgo: 7 }]), [a, d].sort())
      t.same(await members(set, [{ field: 'group', groupId: group }]), [a])
      t.same(await members(set, [{ field: 'tag', tag: 'vip' }]), [c])
      t.same(await members(set, [{ field: 'attribute', key: pets, op: 'gte', value: 2 }]), [c])
      t.same(await members(set, [{ field: 'attribute', key: pets, op: 'set' }]), [c, d].sort())
      t.same(await members(set, [{ field: 'marketingConsent', value: true }]), [a], 'a withdrawal counts, a late older grant does not undo it')
      t.same(await members(set, [{ field: 'marketingConsent', value: false }, { field: 'orderCount', op: 'gte', value: 1 }]), [b, d, e].sort(), 'all rules')
      t.same((await members(set, [{ field: 'tag', tag: 'vip' }, { field: 'firstOrderAt', op: 'before', daysAgo: 365 }], 'any')).filter((id) => [a, b, c, d, e].includes(id)), [c, e].sort(), 'any rule')

      const bad = await app.inject({ method: 'POST', url: '/admin/crm/segments', headers: admin, payload: { name: uniqueName('bad'), rules: [{ field: 'attribute', key: pets, op: 'gte', value: 'many' }] } })
      t.equal(bad.statusCode, 422)
      t.equal(bad.json().code, 'CRM_INVALID_SEGMENT_RULE')
      const unknown = await app.inject({ method: 'POST', url: '/admin/crm/segments', headers: admin, payload: { name: uniqueName('bad'), rules: [{ field: 'attribute', key: 'no_such_key', op: 'set' }] } })
      t.equal(unknown.json().code, 'CRM_INVALID_SEGMENT_RULE')
      const noCurrency = await app.inject({ method: 'POST', url: '/admin/crm/segments', headers: admin, payload: { name: uniqueName('bad'), rules: [{ field: 'totalSpent', op: 'gte', amount: 1 }] } })
      t.equal(noCurrency.json().code, 'CORE_VALIDATION', 'a spend rule must name its currency')
      t.equal(Number((await knex('crm_segments').where('name', 'like', 'bad%').count({ n: '*' }))[0]!.n), 0, 'nothing saved')
    })

    t.test('members are paged with a total, exported as CSV, and joins and leaves are emitted', async (t) => {
      const set = 'member-set'
      const ids: string[] = []
      for (let i = 0; i < 5; i++) { const { customerId } = await shop.customer(); await tag(customerId, set); ids.push(customerId) }
      const created = await app.inject({ method: 'POST', url: '/admin/crm/segments', headers: admin, payload: { name: uniqueName('members'), rules: [{ field: 'tag', tag: set }] } })
      const segment = created.json<Segment>()
      t.equal(segment.memberCount, 5)
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const res = await app.inject({ method: 'GET', url: `/admin/crm/segments/${segment.id}/members?limit=2${cursor != null ? `&cursor=${cursor}` : ''}`, headers: admin })
        const page = res.json() as { items: Array<{ customerId: string }>, nextCursor: string | null, total: number }
        t.equal(page.total, 5)
        seen.push(...page.items.map((m) => m.customerId))
        cursor = page.nextCursor
      } while (cursor != null)
      t.same(seen, [...ids].sort(), 'every member once, by id')

      const csv = await app.inject({ method: 'GET', url: `/admin/crm/segments/${segment.id}/members.csv`, headers: admin })
      t.equal(csv.statusCode, 200)
      t.match(csv.headers['content-type'], /^text\/csv/)
      const lines = csv.body.trim().split('\n')
      t.equal(lines[0], 'customer_id,joined_at,country,marketing_consent,order_count,rfm_recency,rfm_frequency,rfm_monetary,engagement_score')
      t.same(lines.slice(1).map((l) => l.split(',')[0]), [...ids].sort())
      t.equal((await app.inject({ method: 'GET', url: `/admin/crm/segments/${randomUUID()}/members.csv`, headers: admin })).json().code, 'CRM_SEGMENT_NOT_FOUND')

      const payloads = async () => (await knex('comptoir_outbox').where({ name: 'crm.segment.membership-changed' }).orderBy(['occurred_at', 'id']).pluck('payload') as Array<CrmEventPayload<'crm.segment.membership-changed'> | string>)
        .map((p) => typeof p === 'string' ? JSON.parse(p) as CrmEventPayload<'crm.segment.membership-changed'> : p).filter((p) => p.segmentId === segment.id)
      t.same((await payloads()).map((p) => [p.joined.sort(), p.left, p.memberCount]), [[[...ids].sort(), [], 5]])
      await app.inject({ method: 'DELETE', url: `/admin/crm/customers/${ids[0]!}/tags/${set}`, headers: admin })
      const { customerId: newcomer } = await shop.customer()
      await tag(newcomer, set)
      const evaluation = await app.inject({ method: 'POST', url: `/admin/crm/segments/${segment.id}/evaluations`, headers: admin })
      t.match(evaluation.json(), { memberCount: 5, joined: 1, left: 1 })
      const again = await app.inject({ method: 'POST', url: `/admin/crm/segments/${segment.id}/evaluations`, headers: admin })
      t.match(again.json(), { memberCount: 5, joined: 0, left: 0 })
      t.same((await payloads()).slice(1).map((p) => [p.joined, p.left]), [[[newcomer], [ids[0]]]], 'one event for the change, none when nothing changed')
      t.match(await app.services.jobs.enqueue(ctx, 'crm.evaluate-segments', {}), {}, 'the hourly job is declared')
    })

    t.test('a real checkout reaches crm through the outbox: timeline entry, spend and country', async (t) => {
      const email = `${uniqueName('buyer')}@example.com`
      const registered = await app.inject({ method: 'POST', url: '/store/customers', remoteAddress: '10.9.8.7', payload: { email, password: 'correct horse battery staple' } })
      const { customerId, token } = registered.json() as { customerId: string, token: string }
      const headers = { authorization: `Bearer ${token}` }
      const product = await app.services.catalog.create(ctx, {
        title: 'Mug', handle: uniqueName('mug').replaceAll('_', '-'), status: 'published', options: [{ name: 'Size', values: ['M'] }],
        variants: [{ sku: uniqueName('MUG').toUpperCase(), options: { Size: 'M' }, prices: [{ currency: 'EUR', amount: 1000 }] }],
      })
      const location = await app.services.inventoryLocations.create(ctx, { name: uniqueName('wh'), priority: 1 })
      const { level } = await app.services.inventoryLevels.create(ctx, { variantId: product.variants[0]!.id, locationId: location.id })
      await app.services.inventoryLevels.receive(ctx, level.id, { quantity: 5 })
      const zone = await app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: uniqueName('zone'), countries: ['FR'] } })
      const option = await app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 } })
      const cart = (await app.inject({ method: 'POST', url: '/store/carts', headers, payload: { currency: 'EUR', email } })).json().cart.id as string
      await app.inject({ method: 'POST', url: `/store/carts/${cart}/lines`, headers, payload: { variantId: product.variants[0]!.id, quantity: 2 } })
      await app.inject({ method: 'PATCH', url: `/store/carts/${cart}`, headers, payload: { shippingAddress: { firstName: 'Ada', lastName: 'L', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' } } })
      await app.inject({ method: 'PUT', url: `/store/carts/${cart}/shipping-option`, headers, payload: { shippingOptionId: option.json().id } })
      const placed = await app.inject({ method: 'POST', url: `/store/carts/${cart}/complete`, headers: { ...headers, 'idempotency-key': uniqueName('k') }, payload: { payment: { provider: 'manual' } } })
      t.equal(placed.statusCode, 201, placed.body)
      const order = placed.json().order as { id: string, totals: { total: number } }
      const entry = await eventually(async () => await knex('crm_timeline_entries').where({ customer_id: customerId, type: 'order.placed', order_id: order.id }).first('id'), 'the order on the timeline')
      t.ok(entry)
      const profile = (await app.inject({ method: 'GET', url: `/admin/crm/customers/${customerId}/profile`, headers: admin })).json()
      t.equal(profile.country, 'FR')
      t.same(profile.spend.map((s: { currency: string, totalSpentAmount: number }) => [s.currency, s.totalSpentAmount]), [['EUR', order.totals.total]])
      await tag(customerId, 'checkout-set')
      t.same(await members('checkout-set', [{ field: 'country', countries: ['FR', 'BE'] }]), [customerId])
      t.same(await members('checkout-set', [{ field: 'country', countries: ['DE'] }]), [])
    })

    t.test('the scoring and digest jobs run through the kernel\'s jobs service', async (t) => {
      const { customerId } = await shop.customer()
      await shop.order(customerId, 1200, 'EUR', 3)
      await app.services.jobs.enqueue(ctx, 'crm.compute-rfm', {})
      await eventually(async () => (await knex('crm_profiles').where({ customer_id: customerId }).whereNotNull('rfm_recency').first('customer_id')) as unknown, 'the RFM job')
      await app.services.jobs.enqueue(ctx, 'crm.compute-engagement', {})
      const row = await eventually(async () => await knex('crm_profiles').where({ customer_id: customerId }).whereNotNull('engagement_score').first('engagement_score', 'engagement_factors') as { engagement_score: number } | undefined, 'the engagement job')
      t.ok(row.engagement_score > 0)
      const bad = await app.services.jobs.enqueue(ctx, 'crm.send-task-digest', { day: 'not a day' }).then(() => null, (error: { code?: string }) => error.code)
      t.equal(bad, 'CORE_JOB_INVALID_PAYLOAD', 'the digest job validates its payload')
    })

    t.test('tasks: due-today digest once per admin and day, through the registered sender; completing twice is a 409', async (t) => {
      const { customerId } = await shop.customer()
      const create = async (title: string, dueAt: string) => (await app.inject({ method: 'POST', url: '/admin/crm/tasks', headers: admin, payload: { title, customerId, dueAt } })).json()
      const overdue = await create('Overdue call', `${day(-1)}T09:00:00.000Z`)
      await create('Today follow-up', `${day(0)}T23:00:00.000Z`)
      await create('Tomorrow', `${day(1)}T09:00:00.000Z`)
      const done = await create('Done already', `${day(0)}T08:00:00.000Z`)
      t.equal(overdue.assigneeId, shop.adminId, 'assigned to the creating admin')
      const complete = async (id: string) => await app.inject({ method: 'PATCH', url: `/admin/crm/tasks/${id}`, headers: admin, payload: { status: 'done' } })
      t.equal((await complete(done.id)).json().status, 'done')
      const twice = await complete(done.id)
      t.equal(twice.statusCode, 409)
      t.equal(twice.json().code, 'CRM_TASK_ALREADY_DONE')
      t.equal((await app.inject({ method: 'POST', url: '/admin/crm/tasks', headers: admin, payload: { title: 'x', assigneeId: randomUUID(), dueAt: new Date().toISOString() } })).json().code, 'CRM_UNKNOWN_ASSIGNEE')
      const open = (await app.inject({ method: 'GET', url: `/admin/crm/tasks?status=open&customerId=${customerId}`, headers: admin })).json()
      t.same(open.items.map((x: { title: string }) => x.title), ['Overdue call', 'Today follow-up', 'Tomorrow'], 'soonest due first')

      t.same(await app.services.crmDigest.sendDaily(ctx, day(0)), { sent: 1 })
      const mine = sent.filter((m) => m.adminUserId === shop.adminId)
      t.equal(mine.length, 1)
      t.match(mine[0], { kind: 'task-digest', subject: `Your CRM tasks for ${day(0)}` })
      t.match(mine[0]!.text, /2 open tasks due by the end of .* \(1 overdue\)/)
      t.match(mine[0]!.text, /Overdue call/)
      t.notMatch(mine[0]!.text, /Tomorrow|Done already/)
      t.same(await app.services.crmDigest.sendDaily(ctx, day(0)), { sent: 0 }, 'a rerun the same day sends nothing')
    })
  })
}
