import { defineJob, Type } from '@comptoir/core'

/** `inventory.release-expired-reservations`: every minute, frees reservations past their expiry (500 per transaction). */
export const releaseExpiredReservationsJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  schedule: { cron: '* * * * *', payload: {} },
  handler: async (ctx, _payload, job) => {
    let total = 0
    for (;;) {
      const { reservations, units } = await job.services.inventory.releaseExpired(ctx, 500)
      total += units
      if (reservations < 500) return { units: total }
    }
  },
})
