import t, { type Test } from 'tap'
import { BootError, definePlugin, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { createShop } from './fixtures/events-plugins.js'
import { eventsSuite } from './fixtures/events-suite.js'
import { pause, variants, waitFor } from './fixtures/jobs-harness.js'

// The outbox and relay on the in-process job engine; events-bullmq.test.ts runs the same suite on Redis.
const dbs = createTestDatabases(t)
for (const variant of variants().filter((v) => !v.redis)) eventsSuite(t, dbs, variant)

const [engine] = testEngines()
const bootFails = async (t: Test, manifest: Parameters<typeof definePlugin>[0], message: RegExp): Promise<void> => {
  const error: unknown = await dbs.app(t, engine, { plugins: [definePlugin(manifest)] }).then(() => null, (e: unknown) => e)
  t.type(error, BootError)
  t.match(error, { code: 'CORE_BOOT_INVALID_PLUGIN', plugin: manifest.name, message })
}

t.test('boot stops when an event is not named after its plugin', async (t) => {
  await bootFails(t, { name: 'shop', events: { 'orders.order.placed': Type.Object({}) } }, /'shop'.*'orders\.order\.placed'.*'shop\.<entity>\.<past-verb>'/)
})

t.test('boot stops when a job is not namespaced by its plugin', async (t) => {
  await bootFails(t, { name: 'shop', jobs: { 'send-receipt': { handler: async () => {} } } }, /'shop'.*'send-receipt'.*'shop\.<verb-object>'/)
})

t.test('boot stops when a job schedule has an invalid cron', async (t) => {
  await bootFails(t, { name: 'shop', jobs: { 'shop.close-day': { handler: async () => {}, schedule: { cron: 'every day' } } } }, /invalid cron 'every day'/)
})

t.test("a '*' subscriber gets every declared event once, except those its plugin subscribes to by name", async (t) => {
  const heard: Array<{ handler: string, name: string, id: string }> = []
  const shop = createShop()
  const mirror = definePlugin({
    name: 'mirror',
    subscribers: {
      '*': async (_ctx, event) => { heard.push({ handler: '*', name: event.name, id: event.id }) },
      'shop.order.cancelled': async (_ctx, event) => { heard.push({ handler: 'cancelled', name: event.name, id: event.id }) },
    },
  })
  const app = await dbs.app(t, engine, { plugins: [...shop.plugins, mirror] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const placed = await app.services.events.emit(ctx, 'shop.order.placed', { orderId: 'ord_w', totalAmount: 100 })
  const cancelled = await app.services.events.emit(ctx, 'shop.order.cancelled', { orderId: 'ord_w' })
  await waitFor('both events at the mirror', () => heard.length >= 2)
  await waitFor('the ledger and mailer too', () => shop.deliveries.length >= 3)
  await pause(600)
  t.same(heard.sort((a, b) => a.handler.localeCompare(b.handler)), [
    { handler: '*', name: 'shop.order.placed', id: placed.id },
    { handler: 'cancelled', name: 'shop.order.cancelled', id: cancelled.id },
  ], 'one delivery each, the named handler winning over the wildcard')
  t.equal(shop.deliveries.length, 3, 'the other subscribers are unaffected')
})
