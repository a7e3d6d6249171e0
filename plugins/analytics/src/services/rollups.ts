import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import * as sql from './rollup-sql.js'

export interface DayRange { from: string, to: string }

/** Today in the rollups' time zone (YYYY-MM-DD), shifted by `offsetDays`. */
export function localDay (timeZone: string, offsetDays = 0, at = new Date()): string {
  const shifted = new Date(at.getTime() + offsetDays * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(shifted)
}

/** Each day of from..to (YYYY-MM-DD, inclusive); calendar days, whatever the time zone. */
function daysBetween (range: DayRange): string[] {
  const days: string[] = []
  for (let at = Date.parse(`${range.from}T00:00:00Z`); at <= Date.parse(`${range.to}T00:00:00Z`); at += 86_400_000) days.push(new Date(at).toISOString().slice(0, 10))
  return days
}

/**
 * The daily rollups reports read: each day of the range is recomputed whole from raw events and
 * the order projection (delete, then insert … select), in one transaction, so a rerun is harmless.
 */
export function createRollupService (_cradle: Cradle, { config }: PluginScope<AnalyticsConfig>) {
  // Fails boot on a time zone the rollups could not use.
  localDay(config.timeZone)
  return {
    /** The IANA time zone days are cut in. */
    timeZone: config.timeZone,

    /** Recomputes every rollup of the days from..to (inclusive, in the configured time zone). */
    async compute (ctx: Ctx, range: DayRange): Promise<DayRange> {
      await inTransaction(ctx, async (tx) => {
        for (const table of sql.dailyTables) await tx.db(table).whereBetween('day', [range.from, range.to]).delete()
        // One day at a time: every statement groups by day, so the result is the same, and a day's
        // distinct-session counts sort in memory where a month's spill to disk (10 M raw events).
        for (const day of daysBetween(range)) {
          const bindings = [day, day, config.timeZone, config.attributionDays]
          await tx.db.raw(sql.attributeOrders, bindings)
          for (const statement of [sql.sales, sql.categorySales, sql.products, sql.searches, sql.funnel, sql.campaignSessions, sql.campaignOrders]) {
            await tx.db.raw(statement, bindings)
          }
        }
      })
      return range
    },

    /** Yesterday and today: what the hourly job refreshes. */
    recentDays (): DayRange {
      return { from: localDay(config.timeZone, -1), to: localDay(config.timeZone) }
    },
  }
}

export type RollupService = ReturnType<typeof createRollupService>
