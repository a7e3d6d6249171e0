import t from 'tap'
import { inTransaction } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import webhooks from '../src/index.js'
import { verifyWebhook, webhookHeaders } from '../src/verify.js'
import { eventually, pause, startReceiver, testEngines, uniqueName, webhooksApp } from './helpers.js'

const dbs = createTestDatabases(t)

interface Attempt { attempt: number, statusCode: number | null, outcome: string, error: string | null, responseBody: string | null, durationMs: number }
interface Detail { id: string, status: string, attempts: number, eventId: string, log: Attempt[], erased: boolean }

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const s = await webhooksApp(dbs, t, engine)
    const receiver = await startReceiver(t)
    const knex = s.app.comptoir.database.knex
    const path = (): string => `/${uniqueName('r')}`
    const emit = async (name = 'shop.order.placed', payload: Record<string, unknown> = { orderId: uniqueName('ord') }): Promise<string> =>
      (await inTransaction(s.ctx, async (tx) => await s.app.services.events.emit(tx, name, payload))).id
    const deliveries = async (endpointId: string): Promise<Array<{ id: string, status: string, eventId: string, attempts: number }>> =>
      (await s.call('GET', `/admin/webhook-endpoints/${endpointId}/deliveries?limit=100`)).json().items
    const detail = async (deliveryId: string): Promise<Detail> => (await s.call('GET', `/admin/webhook-deliveries/${deliveryId}`)).json()
    const settled = async (endpointId: string, count = 1): Promise<Detail[]> => await eventually('settled deliveries', async () => {
      const items = await deliveries(endpointId)
      return items.length >= count && items.every((d) => d.status !== 'pending') ? await Promise.all(items.map(async (d) => await detail(d.id))) : null
    })

    t.test('a committed event reaches a matching endpoint once, signed, with id, name, occurred-at and payload', async (t) => {
      const p = path()
      const { id: endpointId, secret } = await s.endpoint(receiver.url(p), ['shop.order.*'], t)
      const other = await s.endpoint(receiver.url(`${p}-other`), ['shop.customer.created'], t)
      const eventId = await emit('shop.order.placed', { orderId: 'ord_signed' })
      const [request] = await eventually('the delivery', () => receiver.received(p).length === 1 && receiver.received(p))
      t.ok(verifyWebhook({ body: request.body, headers: request.headers, secret }), 'the exported helper verifies the signature')
      t.notOk(verifyWebhook({ body: request.body.replace('ord_signed', 'ord_forged'), headers: request.headers, secret }), 'a changed body does not verify')
      t.notOk(verifyWebhook({ body: request.body, headers: request.headers, secret, now: Math.floor(Date.now() / 1000) + 3600 }), 'an old timestamp does not verify')
      t.notOk(verifyWebhook({ body: request.body, headers: request.headers, secret: 'whsec_wrong' }))
      const body = JSON.parse(request.body)
      t.match(body, { id: eventId, name: 'shop.order.placed', payload: { orderId: 'ord_signed' } })
      t.ok(Date.parse(body.occurredAt) > Date.now() - 60_000)
      t.equal(request.headers[webhookHeaders.eventId], eventId)
      t.equal(request.headers['content-type'], 'application/json')
      // The relay hands the event over again (as after a crash before marking): no second delivery.
      await knex('comptoir_outbox').where({ id: eventId }).update({ dispatched_at: null })
      await eventually('the event re-relayed', async () => (await knex('comptoir_outbox').where({ id: eventId }).first('dispatched_at'))?.dispatched_at != null)
      await pause(700)
      const all = await settled(endpointId)
      t.equal(all.length, 1, 'one delivery for the event, however often it is relayed')
      const [logged] = all
      // One attempt unless the (loaded) machine made the first one time out: then one request per logged attempt.
      t.equal(receiver.received(p).length, logged.attempts, 'no request besides the logged attempts')
      t.match(logged, { status: 'succeeded', eventId })
      t.match(logged.log[logged.log.length - 1], { statusCode: 200, outcome: 'succeeded', responseBody: 'ok' })
      t.equal(receiver.received(`${p}-other`).length, 0, 'an endpoint whose filters do not match gets nothing')
      t.same(await deliveries(other.id), [])
    })

    t.test('an event emitted in a transaction that rolls back is never sent', async (t) => {
      const p = path()
      const { id: endpointId } = await s.endpoint(receiver.url(p), ['*'], t)
      await t.rejects(inTransaction(s.ctx, async (tx) => {
        await s.app.services.events.emit(tx, 'shop.order.placed', { orderId: 'ord_rolled_back' })
        throw new Error('payment declined')
      }))
      await pause(1000)
      t.same(receiver.received(p), [])
      t.same(await deliveries(endpointId), [])
    })

    t.test('a receiver that fails 3 times then succeeds gets one successful delivery, logged with 4 attempts and growing delays', async (t) => {
      const p = path()
      receiver.script(p, [{ status: 500 }, { status: 503 }, { status: 502 }, { status: 200 }])
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      const eventId = await emit()
      const [logged] = await settled(endpointId)
      t.match(logged, { status: 'succeeded', attempts: 4 })
      t.same(logged.log.map((a) => [a.statusCode, a.outcome]), [[500, 'retrying'], [503, 'retrying'], [502, 'retrying'], [200, 'succeeded']])
      const received = receiver.received(p)
      t.equal(received.length, 4)
      t.ok(received.every((r) => r.headers[webhookHeaders.eventId] === eventId), 'same event id on every attempt')
      t.ok(received[3].at - received[0].at >= 0.8 * (20 + 40 + 80), 'the three retries waited their backoff (20, 40, 80 ms ±20 %)')
    })

    t.test('a 429 is retried after its Retry-After', async (t) => {
      const p = path()
      receiver.script(p, [{ status: 429, headers: { 'retry-after': '1' } }, { status: 200 }])
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      await emit()
      const [logged] = await settled(endpointId)
      t.same(logged.log.map((a) => a.statusCode), [429, 200])
      const [first, second] = receiver.received(p)
      t.ok(second.at - first.at >= 950, `waited ${second.at - first.at} ms (backoff alone is ~20 ms)`)
    })

    t.test('a 400 or a 410 is not retried; a timeout and a refused connection are', async (t) => {
      const bad = path()
      const gone = path()
      const slow = path()
      receiver.script(bad, [{ status: 400, body: 'x'.repeat(500) }])
      receiver.script(gone, [{ status: 410 }])
      receiver.script(slow, ['hang', { status: 204 }])
      const endpoints = [await s.endpoint(receiver.url(bad), undefined, t), await s.endpoint(receiver.url(gone), undefined, t), await s.endpoint(receiver.url(slow), undefined, t), await s.endpoint('http://127.0.0.1:9/closed', undefined, t)]
      await emit()
      const [[b], [g], [w], [c]] = await Promise.all(endpoints.map(async (e) => await settled(e.id)))
      t.match(b, { status: 'failed', attempts: 1, log: [{ statusCode: 400, outcome: 'failed', error: 'HTTP 400' }] })
      t.equal(b.log[0].responseBody?.length, 64, 'the response body is read and kept up to maxResponseBytes')
      t.match(g, { status: 'failed', attempts: 1, log: [{ statusCode: 410 }] })
      // (a loaded machine can make the second answer late too: only the first must be a timeout)
      t.match(w, { status: 'succeeded', log: [{ statusCode: null, outcome: 'retrying', error: /WEBHOOKS_TIMEOUT/ }] })
      t.equal(w.log[w.log.length - 1].statusCode, 204)
      t.ok(w.log[0].durationMs >= 2490, 'the attempt lasted its timeout')
      // Every attempt (5), unless the failure window (1.5 s) ran out first on a loaded machine and disabled the endpoint.
      t.match(c, { status: 'failed', log: [{ error: /ECONNREFUSED/, outcome: 'retrying' }, { error: /ECONNREFUSED/ }] }, 'network errors are retried')
      t.equal(receiver.received(bad).length, 1)
    })

    t.test('an endpoint failing past the window is disabled, with an event other endpoints can receive', async (t) => {
      const p = path()
      const watcher = path()
      receiver.script(p, [{ status: 503 }])
      const { id: endpointId } = await s.endpoint(receiver.url(p), ['shop.order.cancelled'], t)
      await s.endpoint(receiver.url(watcher), ['webhooks.*'], t)
      // 1. five attempts over ~0.3 s exhaust the first delivery; 2. a second event 1.5 s later fails past the window.
      await emit('shop.order.cancelled', { orderId: 'ord_a' })
      await settled(endpointId)
      const endpoint = (await s.call('GET', `/admin/webhook-endpoints/${endpointId}`)).json()
      t.match(endpoint, { enabled: true, failingSince: String })
      await pause(1600)
      await emit('shop.order.cancelled', { orderId: 'ord_b' })
      const disabled = await eventually('the endpoint disabled', async () => {
        const e = (await s.call('GET', `/admin/webhook-endpoints/${endpointId}`)).json()
        return e.enabled === false && e
      })
      t.equal(disabled.disabledReason, 'failing')
      const notice = await eventually('the disabled event delivered', () => receiver.received(watcher).map((r) => JSON.parse(r.body)).find((b) => b.payload.endpointId === endpointId))
      t.match(notice, { name: 'webhooks.endpoint.disabled', payload: { endpointId, reason: 'failing' } })
      // 3. a disabled endpoint gets no new deliveries; enabled again, its clock starts afresh.
      const before = receiver.received(p).length
      await emit('shop.order.cancelled', { orderId: 'ord_c' })
      await pause(800)
      t.equal(receiver.received(p).length, before)
      t.match((await s.call('POST', `/admin/webhook-endpoints/${endpointId}/ping`)).json(), { status: 409, code: 'WEBHOOKS_ENDPOINT_DISABLED' })
      t.match((await s.call('PATCH', `/admin/webhook-endpoints/${endpointId}`, { enabled: true })).json(), { enabled: true, failingSince: null })
    })

    t.test('a delivery is replayed with the same event id, and every failed delivery of a period is redelivered', async (t) => {
      const p = path()
      receiver.script(p, [{ status: 400 }, { status: 400 }, { status: 200 }])
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      const since = new Date(Date.now() - 1000).toISOString()
      await emit()
      await emit()
      const failed = await settled(endpointId, 2)
      t.same(failed.map((d) => d.status), ['failed', 'failed'])
      t.match((await s.call('POST', `/admin/webhook-endpoints/${endpointId}/redeliver-failed`, { since, until: new Date(Date.now() + 1000).toISOString() })).json(), { redelivered: 2 })
      const again = await settled(endpointId, 2)
      t.same(again.map((d) => [d.status, d.attempts]), [['succeeded', 2], ['succeeded', 2]])
      const one = again[0]
      t.equal((await s.call('POST', `/admin/webhook-deliveries/${one.id}/redeliver`)).statusCode, 202)
      const replayed = await eventually('the replay', async () => { const d = await detail(one.id); return d.status === 'succeeded' && d.attempts === 3 && d })
      t.equal(replayed.log.length, 3)
      t.equal(receiver.received(p).filter((r) => r.headers[webhookHeaders.eventId] === one.eventId).length, 3, 'same event id on the replay')
    })

    t.test('after a rotation both secrets sign during the overlap, then only the new one', async (t) => {
      const p = path()
      const { id: endpointId, secret: old } = await s.endpoint(receiver.url(p), undefined, t)
      const fresh = (await s.call('POST', `/admin/webhook-endpoints/${endpointId}/rotate-secret`, { overlapSeconds: 600 })).json().secret as string
      await emit()
      const [during] = await eventually('a delivery', () => receiver.received(p).length === 1 && receiver.received(p))
      t.equal(String(during.headers[webhookHeaders.signature]).split(' ').length, 2, 'two signatures')
      t.ok(verifyWebhook({ body: during.body, headers: during.headers, secret: old }), 'the old secret verifies')
      t.ok(verifyWebhook({ body: during.body, headers: during.headers, secret: fresh }), 'the new secret verifies')
      const newest = (await s.call('POST', `/admin/webhook-endpoints/${endpointId}/rotate-secret`, { overlapSeconds: 0 })).json().secret as string
      await emit()
      const after = await eventually('a second delivery', () => receiver.received(p).length === 2 && receiver.received(p)[1])
      t.notOk(verifyWebhook({ body: after.body, headers: after.headers, secret: fresh }))
      t.ok(verifyWebhook({ body: after.body, headers: after.headers, secret: newest }))
    })

    t.test('a ping is a signed webhooks.ping in the log', async (t) => {
      const p = path()
      const { id: endpointId, secret } = await s.endpoint(receiver.url(p), undefined, t)
      const res = await s.call('POST', `/admin/webhook-endpoints/${endpointId}/ping`)
      t.equal(res.statusCode, 202)
      const [request] = await eventually('the ping', () => receiver.received(p).length === 1 && receiver.received(p))
      t.ok(verifyWebhook({ body: request.body, headers: request.headers, secret }))
      t.match(JSON.parse(request.body), { name: 'webhooks.ping', payload: { endpointId } })
      t.match((await settled(endpointId))[0], { status: 'succeeded' })
    })

    t.test('an address refused at send time (the URL predates the rule) fails at once, without a request', async (t) => {
      const [row] = await knex('webhooks_endpoints').insert({ url: 'https://10.20.30.40/hook', events: JSON.stringify(['shop.*']), secret: 'whsec_test' }).returning('id') as Array<{ id: string }>
      t.teardown(async () => { await knex('webhooks_endpoints').where({ id: row.id }).delete() })
      await emit()
      const [logged] = await settled(row.id)
      t.match(logged, { status: 'failed', attempts: 1, log: [{ statusCode: null, outcome: 'failed', error: /WEBHOOKS_ADDRESS_REFUSED/ }] })
    })

    t.test('a slow receiver gets at most maxInFlightPerEndpoint attempts at once', async (t) => {
      const p = path()
      receiver.script(p, [{ status: 200, delayMs: 200 }])
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      for (let i = 0; i < 6; i++) await emit()
      await settled(endpointId, 6)
      t.equal(receiver.received(p).length, 6, 'no attempt timed out (which would free its slot early)')
      t.equal(receiver.maxInFlight(p), 2)
    })

    t.test('an attempt left locked by a crashed worker is retried once the lock expires, with the same event id', async (t) => {
      const p = path()
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      const eventId = '0b9d7c1e-5a4f-4e3b-8c2d-1a0f9e8d7c6b'
      // 1. what a worker that died mid-request leaves: a pending delivery, claimed (locked), no attempt recorded.
      const [row] = await knex('webhooks_deliveries').insert({
        endpoint_id: endpointId, event_id: eventId, event_name: 'shop.order.placed', occurred_at: new Date().toISOString(),
        payload: JSON.stringify({ orderId: 'ord_crash' }), attempt_limit: 5, locked_until: knex.raw("now() + interval '1 minute'"),
      }).returning('id') as Array<{ id: string }>
      // 2. the job layer runs the job again (lease lost): the lock still holds, so it throws and the job retries later.
      await t.rejects(s.app.services.webhooksSender.attempt(s.ctx, row.id, 0), { code: 'WEBHOOKS_DELIVERY_LOCKED' })
      t.equal(receiver.received(p).length, 0)
      // 3. once the lock has expired, the retried job delivers.
      await knex('webhooks_deliveries').where({ id: row.id }).update({ locked_until: knex.raw("now() - interval '1 second'") })
      await s.app.services.webhooksSender.attempt(s.ctx, row.id, 0)
      t.equal(receiver.received(p).length, 1)
      t.equal(receiver.received(p)[0].headers[webhookHeaders.eventId], eventId)
      t.match(await detail(row.id), { status: 'succeeded', attempts: 1 })
      // 4. a stale run of the same attempt (the original job finishing late) changes nothing.
      await s.app.services.webhooksSender.attempt(s.ctx, row.id, 0)
      t.equal(receiver.received(p).length, 1)
    })

    t.test('a pending delivery left without a job (crash after commit) is resumed, and a leaked in-flight slot recounted', async (t) => {
      const p = path()
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      // The leaked slots first, with nothing to resume: once a delivery is queued, its own attempt may hold a slot.
      await knex('webhooks_endpoints').where({ id: endpointId }).update({ in_flight: 2 })
      t.equal(await s.app.services.webhooksDeliveries.resume(s.ctx), 0)
      t.equal((await knex('webhooks_endpoints').where({ id: endpointId }).first('in_flight')).in_flight, 0, 'slots recounted from the locks')
      const [row] = await knex('webhooks_deliveries').insert({
        endpoint_id: endpointId, event_id: '5c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', event_name: 'shop.order.placed', occurred_at: new Date().toISOString(),
        payload: JSON.stringify({ orderId: 'ord_resume' }), attempt_limit: 5, next_attempt_at: knex.raw("now() - interval '2 minutes'"),
      }).returning('id') as Array<{ id: string }>
      t.equal(await s.app.services.webhooksDeliveries.resume(s.ctx), 1)
      await eventually('the resumed delivery', () => receiver.received(p).length === 1)
      t.match(await eventually('succeeded', async () => { const d = await detail(row.id); return d.status === 'succeeded' && d }), { attempts: 1 })
    })

    t.test("an erased customer's deliveries lose their payload and are not replayed", async (t) => {
      const p = path()
      const { id: endpointId } = await s.endpoint(receiver.url(p), undefined, t)
      const customerId = '4f7b0a62-8a8e-4d5c-9d3e-3f8e2a1b7c90'
      await emit('shop.customer.created', { customerId })
      const [logged] = await settled(endpointId)
      t.match(await webhooks.personalData?.export(s.ctx, customerId), { deliveries: [{ eventName: 'shop.customer.created' }] })
      await webhooks.personalData?.erase(s.ctx, customerId, 'pseudonym')
      t.match(await detail(logged.id), { erased: true })
      t.match((await s.call('POST', `/admin/webhook-deliveries/${logged.id}/redeliver`)).json(), { status: 409, code: 'WEBHOOKS_DELIVERY_ERASED' })
    })
  })
}
