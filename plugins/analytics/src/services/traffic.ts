import type { Cradle, Ctx, PluginScope, ResponseObserver, ResponseSample } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { localDay } from './rollups.js'

/** What analytics adds to the kernel's httpObservers (its close flushes the last counts). */
export type TrafficObserver = Required<ResponseObserver>

/** Latency histogram bucket upper bounds, in ms; the last bucket is everything slower. */
export const latencyBounds = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000] as const

interface Counter { day: string, method: string, route: string, statusClass: number, requests: number, totalMs: number, maxMs: number, histogram: number[] }

function bucketOf (ms: number): number {
  for (let i = 0; i < latencyBounds.length; i++) if (ms <= latencyBounds[i]!) return i
  return latencyBounds.length
}

/**
 * Server traffic: every answered request (the kernel's httpObservers) counted in memory per day,
 * method, route pattern and status class with a latency histogram, and added to
 * analytics_daily_traffic every `trafficFlushSeconds` and when the app closes. One upsert per
 * flush, nothing per request; counts from several API processes add up.
 */
export function createTrafficService ({ db, log }: Cradle, { config }: PluginScope<AnalyticsConfig>) {
  let counters = new Map<string, Counter>()
  let timer: NodeJS.Timeout | null = null
  // The day of a sample: Intl is too slow per request, so the current day is kept until it ends.
  let dayCache = { day: '', until: 0, from: 0 }
  const dayOf = (at: number): string => {
    if (at >= dayCache.from && at < dayCache.until) return dayCache.day
    const day = localDay(config.timeZone, 0, new Date(at))
    const minute = at - (at % 60_000)
    // Valid to the end of this minute: a day boundary in any zone falls on a minute.
    dayCache = { day, from: minute, until: minute + 60_000 }
    return day
  }

  async function flush (ctx: Ctx = { db, actor: null, requestId: 'analytics-traffic', log }): Promise<number> {
    if (counters.size === 0) return 0
    const batch = [...counters.values()]
    counters = new Map()
    const rows = batch.map((c) => ({
      day: c.day, method: c.method, route: c.route, status_class: c.statusClass, requests: c.requests, total_ms: c.totalMs, max_ms: c.maxMs, histogram: c.histogram,
    }))
    await ctx.db.raw(`insert into analytics_daily_traffic (day, method, route, status_class, requests, total_ms, max_ms, histogram)
      select day, method, route, status_class, requests, total_ms, max_ms, histogram
      from jsonb_to_recordset(?::jsonb) as x(day date, method text, route text, status_class smallint, requests bigint, total_ms double precision, max_ms double precision, histogram bigint[])
      on conflict (day, method, route, status_class) do update set
        requests = analytics_daily_traffic.requests + excluded.requests,
        total_ms = analytics_daily_traffic.total_ms + excluded.total_ms,
        max_ms = greatest(analytics_daily_traffic.max_ms, excluded.max_ms),
        histogram = array(select a + b from unnest(analytics_daily_traffic.histogram, excluded.histogram) as h(a, b))`, [JSON.stringify(rows)])
    return batch.length
  }

  const observer: TrafficObserver = {
    observe (sample: ResponseSample) {
      const day = dayOf(sample.at)
      const route = sample.route ?? '(unmatched)'
      const statusClass = Math.floor(sample.statusCode / 100)
      const key = `${day} ${sample.method} ${statusClass} ${route}`
      let counter = counters.get(key)
      if (counter == null) {
        counter = { day, method: sample.method, route, statusClass, requests: 0, totalMs: 0, maxMs: 0, histogram: new Array<number>(latencyBounds.length + 1).fill(0) }
        counters.set(key, counter)
      }
      counter.requests++
      counter.totalMs += sample.durationMs
      counter.maxMs = Math.max(counter.maxMs, sample.durationMs)
      counter.histogram[bucketOf(sample.durationMs)]!++
      if (timer == null && config.trafficFlushSeconds > 0) {
        timer = setInterval(() => { flush().catch((error: unknown) => { log.warn({ err: error }, 'analytics: traffic flush failed; those counts are lost') }) }, config.trafficFlushSeconds * 1000)
        timer.unref()
      }
    },
    async close () {
      if (timer != null) clearInterval(timer)
      timer = null
      await flush().catch((error: unknown) => { log.warn({ err: error }, 'analytics: traffic flush failed at close') })
    },
  }

  return {
    /** What analytics adds to the kernel's httpObservers at boot. */
    observer,
    /** Writes the counts held in memory now (the timer and close do it too); returns the rows written. */
    flush,
  }
}

export type TrafficService = ReturnType<typeof createTrafficService>
