import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/**
 * One example endpoint, disabled, at a reserved example.com address (RFC 2606): the demo shows an
 * endpoint without sending anything to the internet. Skipped when endpoints exist.
 */
export async function seedWebhooks (ctx: Ctx, app: SeedApp): Promise<void> {
  if (await ctx.db('webhooks_endpoints').first('id') != null) return
  await app.services.webhooks.create(ctx, {
    url: 'https://webhooks.example.com/comptoir',
    events: ['*'],
    description: 'Example endpoint (disabled): point it at your receiver, then enable it',
    enabled: false,
  })
}
