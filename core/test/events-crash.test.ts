import { spawn } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { buildApp, inTransaction, systemActor } from '@comptoir/core'
import { createTestDatabases, testPostgresUrl, testRedisUrl } from '@comptoir/core/testing'
import { createShop } from './fixtures/events-plugins.js'
import { isolateQueues, pause, waitFor } from './fixtures/jobs-harness.js'

// Reliability of the outbox: a process killed after commit, and Redis unreachable. PostgreSQL only:
// the crash needs a database that outlives the process, which the in-memory embedded engine is not.
const dbs = createTestDatabases(t)
const child = fileURLToPath(new URL('./fixtures/emit-then-hang.ts', import.meta.url))

/** Resolves with the first `emitted <id>` line of the child; rejects if it exits first or is slow. */
async function emittedId (proc: ReturnType<typeof spawn>): Promise<string> {
  return await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`the child did not emit in time; it printed: ${out}`)), 45_000)
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const match = /emitted ([0-9a-f-]{36})/.exec(out)
      if (match != null) { clearTimeout(timer); resolve(match[1]) }
    })
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the child exited (${code}) before emitting; it printed: ${out}`)) })
  })
}

t.test('an event committed by a process killed before relaying it is delivered by the next process', async (t) => {
  const database = await dbs.open(t, 'postgres')
  const { rows } = await database.knex.raw('select current_schema() as schema') as { rows: Array<{ schema: string }> }
  // 1. A process that serves HTTP only (runJobs: false) commits an event, then is SIGKILLed.
  const proc = spawn(process.execPath, ['--conditions=comptoir-source', '--import', 'tsx', child, testPostgresUrl(), rows[0].schema], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { if (proc.exitCode == null) proc.kill('SIGKILL') })
  const id = await emittedId(proc)
  proc.kill('SIGKILL')
  await once(proc, 'exit')
  // 2. The event is in the outbox, not relayed.
  const [row] = await database.knex('comptoir_outbox').where({ id })
  t.match(row, { name: 'shop.order.placed', dispatched_at: null }, 'committed, not dispatched')
  // 3. The next process (runJobs: true) on the same database relays and delivers it to both subscribers.
  const shop = createShop()
  const app = await buildApp({ env: false, logger: false, database, runJobs: true, config: { plugins: shop.plugins } })
  t.teardown(async () => await app.close())
  await waitFor('both deliveries', () => shop.deliveries.length === 2, 15_000)
  t.same(shop.deliveries.map((d) => d.event.id), [id, id])
  t.same(shop.deliveries[0].event.payload, { orderId: 'ord_crash', totalAmount: 4200 })
  t.not((await database.knex('comptoir_outbox').where({ id }))[0].dispatched_at, null, 'now dispatched')
})

t.test('with Redis unreachable, emit succeeds and the event is delivered once Redis is back', async (t) => {
  // Redis "comes back" when a proxy to the real server starts listening on a port that was closed.
  const sockets = new Set<net.Socket>()
  const upstream = new URL(testRedisUrl())
  const proxy = net.createServer((socket) => {
    const remote = net.connect(Number(upstream.port || 6379), upstream.hostname)
    for (const s of [socket, remote]) { sockets.add(s); s.on('error', () => { socket.destroy(); remote.destroy() }); s.on('close', () => sockets.delete(s)) }
    socket.pipe(remote).pipe(socket)
  })
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address() as net.AddressInfo; probe.close(() => resolve(port)) })
  })
  // Teardowns run last-registered first: the app closes before the proxy and the key cleanup.
  isolateQueues(t)
  t.teardown(async () => { for (const s of sockets) s.destroy(); if (proxy.listening) await new Promise((resolve) => proxy.close(resolve)) })
  const shop = createShop()
  const app = await dbs.app(t, 'postgres', { plugins: shop.plugins, redis: { url: `redis://127.0.0.1:${port}` } })
  // 1. Redis is down: the business transaction and its emit commit all the same.
  const ctx = app.comptoir.systemCtx(systemActor)
  const { id } = await inTransaction(ctx, async (tx) => await app.services.events.emit(tx, 'shop.order.placed', { orderId: 'ord_down', totalAmount: 100 }))
  await pause(1500)
  const outboxRow = async () => (await app.comptoir.database.knex('comptoir_outbox').where({ id }))[0]
  t.equal((await outboxRow()).dispatched_at, null, 'the relay could not hand it over: still undispatched')
  t.equal(shop.deliveries.length, 0)
  // 2. Redis is back: the relay enqueues the deliveries and the workers run them.
  proxy.listen(port, '127.0.0.1')
  await once(proxy, 'listening')
  await waitFor('both deliveries', () => shop.deliveries.length === 2, 20_000)
  t.same(shop.deliveries.map((d) => d.event.id), [id, id])
  t.not((await outboxRow()).dispatched_at, null, 'dispatched')
})
