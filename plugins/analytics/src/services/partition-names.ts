/** Monthly partitions of analytics_events are named analytics_events_yYYYYmMM and hold [first of month, first of next month) in UTC. */
export function partitionName (year: number, month: number): string {
  return `analytics_events_y${String(year)}m${String(month).padStart(2, '0')}`
}

/** The month `offset` months from the one holding `at` (UTC): year and month 1–12. */
export function monthFrom (at: Date, offset: number): { year: number, month: number } {
  const index = at.getUTCFullYear() * 12 + at.getUTCMonth() + offset
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

export function monthStart ({ year, month }: { year: number, month: number }): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01T00:00:00Z`
}

/** The DDL of one partition (names and bounds come from integers, never from input). */
export function createPartitionSql (year: number, month: number): string {
  const next = monthFrom(new Date(Date.UTC(year, month - 1, 1)), 1)
  return `create table if not exists ${partitionName(year, month)} partition of analytics_events
    for values from ('${monthStart({ year, month })}') to ('${monthStart(next)}')`
}

export const partitionPattern = /^analytics_events_y(\d{4})m(\d{2})$/
