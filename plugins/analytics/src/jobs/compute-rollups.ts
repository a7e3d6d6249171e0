import { defineJob, Type } from '@comptoir/core'

const Day = Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$' })

/**
 * `analytics.compute-rollups`: recomputes the daily rollups of from..to (default: yesterday and
 * today in the analytics time zone). Every 15 minutes, and for the day of an order cancelled later.
 */
export const computeRollupsJob = defineJob({
  payload: Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 30_000,
  schedule: { cron: '*/15 * * * *', payload: {} },
  handler: async (ctx, payload, job) => {
    const { analyticsRollups } = job.services
    const recent = analyticsRollups.recentDays()
    await analyticsRollups.compute(ctx, { from: payload.from ?? recent.from, to: payload.to ?? payload.from ?? recent.to })
  },
})
