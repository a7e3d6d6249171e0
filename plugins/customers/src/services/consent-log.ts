import type { Ctx } from '@comptoir/core'
import { consentPurposes, type ConsentRecord, type ConsentState } from '../schemas/consents.js'
import { iso } from './rows.js'

interface ConsentRow { purpose: ConsentRecord['purpose'], granted: boolean, source: ConsentRecord['source'], recorded_at: Date }

/** The customer's consent log, oldest first. */
export async function consentHistory (ctx: Ctx, customerId: string): Promise<ConsentRecord[]> {
  const rows = await ctx.db('customers_consents').select('purpose', 'granted', 'source', 'recorded_at')
    .where({ customer_id: customerId }).orderBy('seq', 'asc') as ConsentRow[]
  return rows.map((row) => ({ purpose: row.purpose, granted: row.granted, source: row.source, recordedAt: iso(row.recorded_at) }))
}

/** Current consent per purpose: the latest record of each; a purpose never recorded is withdrawn. */
export async function currentConsent (ctx: Ctx, customerId: string): Promise<ConsentState[]> {
  const rows = await ctx.db('customers_consents')
    .distinctOn('purpose').select('purpose', 'granted', 'recorded_at')
    .where({ customer_id: customerId }).orderBy([{ column: 'purpose' }, { column: 'seq', order: 'desc' }]) as ConsentRow[]
  return consentPurposes.map((purpose) => {
    const row = rows.find((r) => r.purpose === purpose)
    return { purpose, granted: row?.granted ?? false, recordedAt: row != null ? iso(row.recorded_at) : null }
  })
}
