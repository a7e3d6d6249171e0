import t, { type Test } from 'tap'
import { BootError, definePlugin, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { eventsSuite } from './fixtures/events-suite.js'
import { variants } from './fixtures/jobs-harness.js'

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
