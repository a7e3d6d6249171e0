import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Demo block list: a known-bad email, a domain and an IP (documentation range), so the rules have something to hit. */
export async function seedFraud (ctx: Ctx, app: SeedApp): Promise<void> {
  const { fraudBlockList } = app.services
  if (await ctx.db('fraud_block_list').first('id') != null) return // seeded already
  await fraudBlockList.add(ctx, { kind: 'email', value: 'chargeback.king@example.com', note: 'Demo: three chargebacks in 2026' })
  await fraudBlockList.add(ctx, { kind: 'email_domain', value: 'fraud.example', note: 'Demo: domain used by a card-testing ring' })
  await fraudBlockList.add(ctx, { kind: 'ip', value: '203.0.113.66', note: 'Demo: card testing from this address' })
}
