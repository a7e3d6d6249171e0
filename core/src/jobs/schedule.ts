import { CronExpressionParser } from 'cron-parser'

/** The first fire time of `cron` (5 or 6 fields, UTC) strictly after `after`. */
export function nextFireTime (cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: 'UTC' }).next().toDate()
}

/** Null when `cron` parses, else the parser's message. */
export function cronProblem (cron: string): string | null {
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' })
    return null
  } catch (error) {
    return (error as Error).message
  }
}
