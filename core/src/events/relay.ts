import type { FastifyBaseLogger } from 'fastify'
import type { Knex } from 'knex'
import type { JobsKernel } from '../jobs/service.js'
import { deliverEventJob, type DeliveryPayload } from './delivery.js'
import { lockPendingEvents, markDispatched, type OutboxRow } from './outbox.js'
import type { EventRegistry } from './registry.js'

/** Settings of the outbox relay. */
export interface RelayOptions {
  knex: Knex
  registry: EventRegistry
  jobs: JobsKernel
  log: FastifyBaseLogger
  /** Fallback poll when no local commit wakes the relay (events emitted by other processes). */
  pollMs?: number
  batchSize?: number
}

/** The outbox relay: start/stop, a wake-up after local commits, and one pass for tests and the CLI. */
export interface Relay {
  start: () => void
  stop: () => Promise<void>
  nudge: () => void
  /** Relays one batch; resolves to the number of events marked dispatched. */
  relayBatch: () => Promise<number>
}

/** The delivery job id: the same for an (event, subscriber) pair, so a re-relay is a no-op. */
export function deliveryJobId (eventId: string, subscriber: string): string {
  return `${eventId}.${subscriber}`
}

/**
 * Moves committed events from the outbox to the job layer, one delivery job per subscriber.
 * Deliveries are enqueued before the rows are marked, in the transaction that locked them: a crash
 * in between re-relays them, and the job layer drops the duplicates by job id.
 */
export function createRelay (options: RelayOptions): Relay {
  const { knex, registry, jobs, log } = options
  const pollMs = options.pollMs ?? 500
  const batchSize = options.batchSize ?? 200
  let running = false
  let nudged = false
  let wake: (() => void) | null = null
  let timer: NodeJS.Timeout | undefined
  let loop: Promise<void> = Promise.resolve()

  async function enqueueDeliveries (trx: Knex.Transaction, rows: OutboxRow[]): Promise<void> {
    const deliveries = rows.flatMap((row) => registry.subscribersOf(row.name).map((subscriber) => ({ row, subscriber: subscriber.plugin })))
    const enqueue = async ({ row, subscriber }: typeof deliveries[number]): Promise<void> => {
      const payload: DeliveryPayload = {
        event: { id: row.id, name: row.name, payload: row.payload, occurredAt: new Date(row.occurred_at).toISOString() },
        subscriber,
      }
      await jobs.enqueueTo(trx, subscriber, deliverEventJob, payload, { requestId: row.request_id, actor: row.actor }, { jobId: deliveryJobId(row.id, subscriber) })
    }
    // In-process, deliveries are rows written through `trx` (one connection: in order); on Redis, in parallel.
    if (jobs.engine.kind === 'in-process') {
      for (const delivery of deliveries) await enqueue(delivery)
    } else {
      await Promise.all(deliveries.map(enqueue))
    }
  }

  async function relayBatch (): Promise<number> {
    // Redis down: do not even lock rows (on PGlite that would stall every request); the poll retries.
    if (!jobs.engine.accepting()) return 0
    return await knex.transaction(async (trx) => {
      const rows = await lockPendingEvents(trx, batchSize)
      if (rows.length === 0) return 0
      await enqueueDeliveries(trx, rows)
      await markDispatched(trx, rows.map((row) => row.id))
      return rows.length
    })
  }

  async function sleep (ms: number): Promise<void> {
    if (nudged) { nudged = false; return }
    await new Promise<void>((resolve) => {
      timer = setTimeout(() => { wake = null; resolve() }, ms)
      wake = () => { clearTimeout(timer); resolve() }
    })
    nudged = false
  }

  async function pump (): Promise<void> {
    let failures = 0
    while (running) {
      let relayed = 0
      try {
        relayed = await relayBatch()
        failures = 0
      } catch (error) {
        failures += 1
        if (running) log.warn({ err: error, failures }, 'could not relay events; retrying')
      }
      if (!running) break
      if (relayed === batchSize) continue
      await sleep(failures === 0 ? pollMs : Math.min(pollMs * 2 ** failures, 30_000))
    }
  }

  function nudge (): void {
    if (wake != null) { const w = wake; wake = null; w() } else nudged = true
  }

  return {
    relayBatch,
    nudge: () => { if (running) nudge() },
    start () {
      if (running) return
      running = true
      loop = pump()
    },
    async stop () {
      if (!running) return
      running = false
      nudge()
      await loop
    },
  }
}
