// Scheduled jobs run once per schedule slot across the 2 workers (BullMQ job schedulers on one Redis).
import { sleep } from '../harness/services.js'
import { withSql, type Scenario } from '../harness/scenario.js'

export const scheduledJobs: Scenario = {
  name: 'scheduled jobs run once per schedule across 2 workers',
  async run (stack, check) {
    // probe.tick fires every 2 s; watch a 12 s window with both workers up.
    const from = new Date()
    await sleep(12_000)
    const to = new Date()
    const ticks = await withSql(stack, async (sql) => await sql('select job_id, runs from probe_ticks where created_at between $1 and $2', [from, to]))
    const twice = ticks.filter((t) => Number(t.runs) !== 1)
    check.figure('slots in 12 s', ticks.length)
    // At least two (6 are due; a saturated machine delays some): the point is that none runs twice.
    check.ok(ticks.length >= 2, `the schedule fired in 12 s (${ticks.length} slots)`)
    check.equal(twice.length, 0, 'no slot ran twice')
    check.equal(new Set(ticks.map((t) => t.job_id)).size, ticks.length, 'distinct slot ids')
  },
}
