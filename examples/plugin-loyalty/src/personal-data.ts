import type { PersonalDataContributor } from '@comptoir/core'

/** GDPR: the export lists the balance and every ledger entry; erasure deletes both (points are not financial records). */
export const loyaltyPersonalData: PersonalDataContributor = {
  async export (ctx, customerId) {
    const account = await ctx.db('loyalty_accounts').where({ customer_id: customerId }).first('balance') as { balance: number } | undefined
    const rows = await ctx.db('loyalty_ledger').where({ customer_id: customerId }).orderBy([{ column: 'created_at' }, { column: 'id' }])
      .select('points', 'reason', 'order_id', 'note', 'created_at') as Array<{ points: number, reason: string, order_id: string | null, note: string | null, created_at: Date }>
    return {
      balance: account?.balance ?? 0,
      ledger: rows.map((r) => ({ points: r.points, reason: r.reason, orderId: r.order_id, note: r.note, createdAt: new Date(r.created_at).toISOString() })),
    }
  },
  async erase (ctx, customerId) {
    await ctx.db('loyalty_ledger').where({ customer_id: customerId }).delete()
    await ctx.db('loyalty_accounts').where({ customer_id: customerId }).delete()
  },
}
