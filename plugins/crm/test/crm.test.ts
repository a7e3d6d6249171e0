import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { Ticket, TimelineEntry } from '../src/index.js'
import { crmApp, eventually, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

// One app per engine; every subtest makes its own customers, so none needs another's leftovers.
for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await crmApp(dbs, t, engine)
    const { app, admin, ctx, deliver } = shop
    const knex = app.comptoir.database.knex
    const timeline = async (customerId: string, query = ''): Promise<{ items: TimelineEntry[], nextCursor: string | null }> => {
      const res = await app.inject({ method: 'GET', url: `/admin/crm/customers/${customerId}/timeline${query}`, headers: admin })
      t.equal(res.statusCode, 200, res.body)
      return res.json()
    }

    t.test('the timeline merges staff interactions and store events, newest first, across pages', async (t) => {
      const { customerId } = await shop.customer()
      await eventually(async () => (await timeline(customerId)).items.find((e) => e.type === 'account.registered'), 'the registration entry')
      const orderId = await shop.order(customerId, 4200, 'EUR', 3)
      await deliver('orders.order.shipped', { orderId, number: '#9001', customerId, fulfilmentId: randomUUID(), carrier: 'La Poste', trackingNumber: 'LP1', trackingUrl: null }, { occurredAt: new Date(Date.now() - 2 * 86_400_000).toISOString() })
      const call = await app.inject({
        method: 'POST', url: `/admin/crm/customers/${customerId}/interactions`, headers: { ...admin, 'idempotency-key': uniqueName('k') },
        payload: { type: 'call', channel: 'phone', direction: 'inbound', subject: 'Where is my parcel?', body: 'Gave her the tracking link.', orderId, occurredAt: new Date(Date.now() - 86_400_000).toISOString() },
      })
      t.equal(call.statusCode, 201, call.body)
      t.match(call.json(), { source: 'staff', type: 'call', orderId, author: { type: 'admin', id: shop.adminId } })
      await deliver('customers.consent.changed', { customerId, purpose: 'marketing', granted: true })

      const all = await timeline(customerId)
      t.same(all.items.map((e) => e.type), ['consent.changed', 'account.registered', 'call', 'order.shipped', 'order.placed'])
      t.same(all.items.map((e) => e.source), ['system', 'system', 'staff', 'system', 'system'])
      const first = await timeline(customerId, '?limit=2')
      const second = await timeline(customerId, `?limit=2&cursor=${first.nextCursor ?? ''}`)
      const third = await timeline(customerId, `?limit=2&cursor=${second.nextCursor ?? ''}`)
      t.same([...first.items, ...second.items, ...third.items].map((e) => e.id), all.items.map((e) => e.id), 'pages cover the list once, in order')
      t.equal(third.nextCursor, null)
      t.same((await timeline(customerId, '?source=staff')).items.map((e) => e.type), ['call'])
    })

    t.test('a redelivered event changes nothing: one timeline entry, one order, one refund', async (t) => {
      const { customerId } = await shop.customer()
      const orderId = randomUUID()
      const placed = { orderId, number: '#7001', customerId, amount: 5000, currency: 'EUR' }
      const id = await deliver('orders.order.placed', placed)
      await deliver('orders.order.placed', placed, { id })
      const refund = { orderId, number: '#7001', customerId, paymentId: randomUUID(), refundId: randomUUID(), amount: 1500, currency: 'EUR' }
      const refundId = await deliver('orders.payment.refunded', refund)
      await deliver('orders.payment.refunded', refund, { id: refundId })
      // The same event redelivered concurrently: the claim's primary key lets one through.
      const note = { orderId, number: '#7001', customerId, entryId: randomUUID(), visibility: 'internal' }
      const noteId = randomUUID()
      await Promise.all([deliver('orders.note.added', note, { id: noteId }), deliver('orders.note.added', note, { id: noteId })])
      t.equal(Number((await knex('crm_timeline_entries').where({ customer_id: customerId, type: 'note.added' }).count({ n: '*' }))[0]!.n), 1)
      t.equal(Number((await knex('crm_timeline_entries').where({ customer_id: customerId, type: 'order.placed' }).count({ n: '*' }))[0]!.n), 1)
      t.equal(Number((await knex('crm_timeline_entries').where({ customer_id: customerId, type: 'order.refunded' }).count({ n: '*' }))[0]!.n), 1)
      const row = await knex('crm_orders').where({ order_id: orderId }).first('total_amount', 'refunded_amount') as { total_amount: string, refunded_amount: string }
      t.same([Number(row.total_amount), Number(row.refunded_amount)], [5000, 1500])
      const profile = (await app.inject({ method: 'GET', url: `/admin/crm/customers/${customerId}/profile`, headers: admin })).json()
      t.same(profile.spend, [{ currency: 'EUR', orderCount: 1, totalSpentAmount: 3500, averageOrderAmount: 3500 }])
    })

    t.test('ticket transitions follow the allowed moves, each on the timeline; others are a 409 and change nothing', async (t) => {
      const { customerId } = await shop.customer()
      const orderId = randomUUID()
      const created = await app.inject({ method: 'POST', url: '/admin/crm/tickets', headers: admin, payload: { customerId, subject: 'Broken mug', priority: 'urgent', orderId, assigneeId: shop.adminId } })
      t.equal(created.statusCode, 201, created.body)
      const ticket = created.json<Ticket>()
      t.equal(ticket.status, 'open')
      const slaHours = (Date.parse(ticket.slaDueAt ?? '') - Date.parse(ticket.createdAt)) / 3_600_000
      t.ok(Math.abs(slaHours - 2) < 0.01, 'urgent: SLA due 2 h after creation')
      const move = async (status: string) => await app.inject({ method: 'POST', url: `/admin/crm/tickets/${ticket.id}/transitions`, headers: admin, payload: { status } })
      t.equal((await move('pending')).statusCode, 200)
      t.equal((await move('resolved')).json().status, 'resolved')
      t.equal((await move('open')).json().resolvedAt, null, 'reopened')
      t.equal((await move('closed')).statusCode, 200)
      const illegal = await move('open')
      t.equal(illegal.statusCode, 409)
      t.match(illegal.json(), { code: 'CRM_TICKET_TRANSITION', from: 'closed', to: 'open' })
      t.equal(illegal.headers['content-type'], 'application/problem+json; charset=utf-8')
      t.equal((await app.inject({ method: 'GET', url: `/admin/crm/tickets/${ticket.id}`, headers: admin })).json().status, 'closed')
      const changes = (await timeline(customerId)).items.filter((e) => e.ticketId === ticket.id).map((e) => e.type === 'ticket.opened' ? 'opened' : `${String(e.data.from)}>${String(e.data.to)}`)
      t.same(changes, ['open>closed', 'resolved>open', 'pending>resolved', 'open>pending', 'opened'])
      t.same(await knex('comptoir_outbox').where({ name: 'crm.ticket.status-changed' }).whereRaw("payload->>'ticketId' = ?", [ticket.id]).count({ n: '*' }).then((r) => Number(r[0]!.n)), 4)
      const listed = (await app.inject({ method: 'GET', url: `/admin/crm/tickets?orderId=${orderId}`, headers: admin })).json()
      t.same(listed.items.map((x: Ticket) => x.id), [ticket.id], 'found from the order')
      t.equal((await app.inject({ method: 'POST', url: `/admin/crm/tickets/${randomUUID()}/transitions`, headers: admin, payload: { status: 'closed' } })).json().code, 'CRM_TICKET_NOT_FOUND')
      t.equal((await app.inject({ method: 'POST', url: '/admin/crm/tickets', headers: admin, payload: { customerId: randomUUID(), subject: 'x' } })).json().code, 'CUSTOMERS_CUSTOMER_NOT_FOUND')
      t.equal((await app.inject({ method: 'POST', url: '/admin/crm/tickets', headers: admin, payload: { customerId, subject: 'x', assigneeId: randomUUID() } })).json().code, 'CRM_UNKNOWN_ASSIGNEE')
    })

    t.test('two concurrent moves of one ticket: one wins, the other sees its result', async (t) => {
      const { customerId } = await shop.customer()
      const ticket = (await app.inject({ method: 'POST', url: '/admin/crm/tickets', headers: admin, payload: { customerId, subject: 'Race' } })).json<Ticket>()
      await app.inject({ method: 'POST', url: `/admin/crm/tickets/${ticket.id}/transitions`, headers: admin, payload: { status: 'resolved' } })
      const [a, b] = await Promise.all(['closed', 'closed'].map(async (status) => await app.inject({ method: 'POST', url: `/admin/crm/tickets/${ticket.id}/transitions`, headers: admin, payload: { status } })))
      t.same([a!.statusCode, b!.statusCode].sort(), [200, 409])
    })

    t.test('tags and typed attributes are validated and shown on the profile', async (t) => {
      const { customerId } = await shop.customer()
      const define = async (payload: Record<string, unknown>) => await app.inject({ method: 'POST', url: '/admin/crm/attributes', headers: admin, payload })
      const key = `tier_${Math.random().toString(36).slice(2, 8)}`
      t.equal((await define({ key, label: 'Tier', type: 'enum', options: ['gold', 'silver'] })).statusCode, 201)
      t.equal((await define({ key, label: 'Tier', type: 'text' })).json().code, 'CRM_ATTRIBUTE_KEY_TAKEN')
      t.equal((await define({ key: `${key}_x`, label: 'Tier', type: 'enum' })).json().code, 'CRM_INVALID_ATTRIBUTE_VALUE')
      await define({ key: `${key}_n`, label: 'Pets', type: 'number' })
      await define({ key: `${key}_d`, label: 'Since', type: 'date' })
      await define({ key: `${key}_b`, label: 'B2B', type: 'boolean' })
      const set = async (k: string, value: unknown) => await app.inject({ method: 'PUT', url: `/admin/crm/customers/${customerId}/attributes/${k}`, headers: admin, payload: { value } })
      t.equal((await set(key, 'gold')).statusCode, 200)
      t.equal((await set(`${key}_n`, 3)).statusCode, 200)
      t.equal((await set(`${key}_d`, '2024-02-29')).statusCode, 200)
      t.equal((await set(`${key}_b`, true)).statusCode, 200)
      for (const [k, value] of [[key, 'bronze'], [`${key}_n`, 'three'], [`${key}_d`, '2023-02-29'], [`${key}_b`, 'yes']] as const) {
        const res = await set(k, value)
        t.equal(res.statusCode, 422, `${k} = ${String(value)}`)
        t.equal(res.json().code, 'CRM_INVALID_ATTRIBUTE_VALUE')
      }
      t.equal((await set('nope', 'x')).json().code, 'CRM_ATTRIBUTE_NOT_FOUND')
      t.equal((await app.inject({ method: 'PUT', url: `/admin/crm/customers/${customerId}/tags/vip`, headers: admin })).statusCode, 204)
      t.equal((await app.inject({ method: 'PUT', url: `/admin/crm/customers/${customerId}/tags/vip`, headers: admin })).statusCode, 204, 'idempotent')
      t.equal((await app.inject({ method: 'PUT', url: `/admin/crm/customers/${customerId}/tags/Not%20A%20Tag`, headers: admin })).json().code, 'CORE_VALIDATION')
      const profile = (await app.inject({ method: 'GET', url: `/admin/crm/customers/${customerId}/profile`, headers: admin })).json()
      t.same(profile.tags, ['vip'])
      t.same(profile.attributes, { [key]: 'gold', [`${key}_n`]: 3, [`${key}_d`]: '2024-02-29', [`${key}_b`]: true })
    })

    t.test('RBAC: no crm:read is a 403 on every read; crm:read without crm:write cannot write; writes are audited', async (t) => {
      const { customerId } = await shop.customer()
      await app.services.auth.createRole(ctx, { name: `${uniqueName('support')}`.slice(0, 40).replaceAll('_', '-'), permissions: ['customers:read'] }).then(async (role) => {
        const { secret } = await app.services.auth.createApiKey(ctx, { name: 'no crm', roles: [role.name] })
        for (const url of [`/admin/crm/customers/${customerId}/timeline`, `/admin/crm/customers/${customerId}/profile`, '/admin/crm/tickets', '/admin/crm/segments', '/admin/crm/tasks']) {
          const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${secret}` } })
          t.equal(res.statusCode, 403, url)
          t.equal(res.json().code, 'CORE_FORBIDDEN')
        }
      })
      const reader = await app.services.auth.createRole(ctx, { name: `${uniqueName('reader')}`.slice(0, 40).replaceAll('_', '-'), permissions: ['crm:read'] })
      const { secret } = await app.services.auth.createApiKey(ctx, { name: 'crm reader', roles: [reader.name] })
      t.equal((await app.inject({ method: 'GET', url: `/admin/crm/customers/${customerId}/timeline`, headers: { authorization: `Bearer ${secret}` } })).statusCode, 200)
      const write = await app.inject({ method: 'POST', url: `/admin/crm/customers/${customerId}/interactions`, headers: { authorization: `Bearer ${secret}` }, payload: { type: 'note', body: 'x' } })
      t.equal(write.statusCode, 403)
      t.equal(Number((await knex('crm_timeline_entries').where({ customer_id: customerId, source: 'staff' }).count({ n: '*' }))[0]!.n), 0, 'nothing written')
      t.equal((await app.inject({ method: 'GET', url: `/admin/crm/customers/${customerId}/timeline` })).statusCode, 401)
      const note = await app.inject({ method: 'POST', url: `/admin/crm/customers/${customerId}/interactions`, headers: admin, payload: { type: 'note', body: 'audited' } })
      t.equal(note.statusCode, 201)
      const audit = await knex('comptoir_audit_log').where({ actor_id: shop.adminId, action: 'createCrmInteraction', target_id: customerId }).first('after') as { after: unknown } | undefined
      t.ok(audit != null, 'the write is audited')
      t.notMatch(JSON.stringify(audit?.after ?? null), /audited/, 'without the note text (personal data)')
    })

    t.test('GDPR: the export holds what crm has; erasure leaves no personal data in crm tables', async (t) => {
      const { customerId, email } = await shop.customer({ firstName: 'Zelda' })
      const secret = `secret-${uniqueName('pii')}`
      await app.inject({ method: 'POST', url: `/admin/crm/customers/${customerId}/interactions`, headers: admin, payload: { type: 'note', subject: `About ${email}`, body: `Lives at ${secret}` } })
      await app.inject({ method: 'PUT', url: `/admin/crm/customers/${customerId}/tags/gdpr-test`, headers: admin })
      const ticket = (await app.inject({ method: 'POST', url: '/admin/crm/tickets', headers: admin, payload: { customerId, subject: `Call ${secret}`, description: secret } })).json<Ticket>()
      await app.inject({ method: 'POST', url: '/admin/crm/tasks', headers: admin, payload: { title: `Call back ${secret}`, customerId, dueAt: new Date().toISOString() } })
      await shop.order(customerId, 9900)

      const exported = await app.inject({ method: 'GET', url: `/admin/customers/${customerId}/export`, headers: admin })
      t.equal(exported.statusCode, 200, exported.body)
      const mine = exported.json().plugins.crm
      t.same(mine.tags, ['gdpr-test'])
      t.ok(mine.timeline.some((e: { body: string }) => e.body === `Lives at ${secret}`))
      t.same(mine.tickets.map((x: { id: string }) => x.id), [ticket.id])
      t.equal(mine.tasks.length, 1)

      const erased = await app.inject({ method: 'POST', url: `/admin/customers/${customerId}/erase`, headers: admin })
      t.equal(erased.statusCode, 200, erased.body)
      // Deliveries retried after the erasure record nothing about the erased customer.
      await deliver('orders.order.shipped', { orderId: randomUUID(), number: '#late', customerId, fulfilmentId: randomUUID(), carrier: null, trackingNumber: null, trackingUrl: null })
      await deliver('customers.customer.updated', { customerId, changed: ['firstName'] })
      const tables = await knex('pg_tables').where('schemaname', knex.raw('current_schema()')).andWhere('tablename', 'like', 'crm\\_%').pluck('tablename') as string[]
      t.ok(tables.length >= 12)
      for (const table of tables) {
        const hits = await knex(table).whereRaw('row_to_json(??)::text like any (?)', [table, [`%${customerId}%`, `%${secret}%`, `%${email}%`, '%Zelda%']]).count({ n: '*' })
        t.equal(Number(hits[0]!.n), 0, `${table} holds nothing about the customer`)
      }
      const kept = await knex('crm_tickets').where({ id: ticket.id }).first('subject', 'customer_pseudonym') as { subject: string, customer_pseudonym: string | null }
      t.equal(kept.subject, '[erased]')
      t.ok(kept.customer_pseudonym != null, 'the ticket is kept under the pseudonym')
      t.equal(Number((await knex('crm_orders').whereNotNull('customer_pseudonym').where({ total_amount: 9900 }).count({ n: '*' }))[0]!.n), 1, 'amounts kept for reporting')
      const write = await app.inject({ method: 'POST', url: `/admin/crm/customers/${customerId}/interactions`, headers: admin, payload: { type: 'note', body: 'after' } })
      t.equal(write.json().code, 'CUSTOMERS_CUSTOMER_ERASED')
    })
  })
}
