import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { createPartitionSql, monthFrom, partitionName, partitionPattern } from './partition-names.js'

const duplicateTable = '42P07'

/** The monthly partitions of analytics_events: created ahead, dropped past retention. */
export function createPartitionService (_cradle: Cradle, { config }: PluginScope<AnalyticsConfig>) {
  async function list (ctx: Ctx): Promise<string[]> {
    const result = await ctx.db.raw(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'analytics_events'::regclass order by c.relname`) as { rows: Array<{ name: string }> }
    return result.rows.map((r) => r.name)
  }

  return {
    /** Names of the existing partitions, oldest first. */
    list,

    /**
     * Creates the partitions of the month before `at`, its month and `partitionsAhead` months after
     * (those missing); returns the names created. Safe to run concurrently.
     */
    async ensure (ctx: Ctx, at: Date = new Date()): Promise<string[]> {
      const existing = new Set(await list(ctx))
      const created: string[] = []
      for (let offset = -1; offset <= config.partitionsAhead; offset++) {
        const { year, month } = monthFrom(at, offset)
        if (existing.has(partitionName(year, month))) continue
        try {
          await ctx.db.raw(createPartitionSql(year, month))
          created.push(partitionName(year, month))
        } catch (error) {
          if ((error as { code?: string }).code !== duplicateTable) throw error
        }
      }
      return created
    },

    /**
     * Drops whole partitions older than `retentionMonths` before the month of `at` (no row-by-row
     * delete), and forgets client event ids older than the clamp window. Returns the partitions dropped.
     */
    async dropExpired (ctx: Ctx, at: Date = new Date()): Promise<string[]> {
      const keepFrom = monthFrom(at, -config.retentionMonths)
      const dropped: string[] = []
      for (const name of await list(ctx)) {
        const match = partitionPattern.exec(name)
        if (match == null) continue
        if (Number(match[1]) * 12 + Number(match[2]) < keepFrom.year * 12 + keepFrom.month) {
          await ctx.db.raw(`drop table if exists ${name}`)
          dropped.push(name)
        }
      }
      await ctx.db('analytics_event_ids').where('received_at', '<', new Date(at.getTime() - (config.maxEventAgeHours + 24) * 3_600_000)).delete()
      return dropped
    },
  }
}

export type PartitionService = ReturnType<typeof createPartitionService>
